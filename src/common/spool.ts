/**
 * The spool: where uploads are received whole before they are read (asset imports), under SPOOL_DIR.
 *
 * Each running instance spools into a folder of its own, `<SPOOL_DIR>/<host>.<pid>.<random>`, created
 * at start (openSpool). At start an instance also removes the folders that instances no longer
 * running left behind (a killed import's upload otherwise stays on disk for ever):
 * - a folder of this host whose process is gone, or whose pid is this process's own (a container
 *   restarted with the same pid) and which this process did not create;
 * - any instance folder, of any host, untouched for SPOOL_ABANDONED_MS (another host's processes
 *   cannot be asked; a live instance recreates its folder when it next needs it).
 * Entries whose names are not instance folders are never touched, so a misconfigured SPOOL_DIR
 * cannot cost other files. Two instances on one machine (or sharing the directory) leave each
 * other's spools alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** An instance folder untouched this long is abandoned whatever its host says. */
export const SPOOL_ABANDONED_MS = 24 * 3600 * 1000;

const INSTANCE_FOLDER = /^(.+)\.(\d+)\.([0-9a-f]{8})$/;

/** The host name as it may appear in a folder name. */
const hostTag = (h = hostname()) => h.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 60) || 'host';

/** Folders this process created (it may run several apps, e.g. in tests): never removed at start. */
const ours = new Set<string>();
/** The folder new spools go to; unset until openSpool (then spools go to the system's temporary directory). */
let current: string | undefined;

export interface SpoolCleanup {
  removed: string[];
  kept: string[];
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the instance folders in `root` that no running instance owns (see above); returns what it
 * removed and kept. `now`, `host`, `pid` and `alive` are for tests.
 */
export async function cleanSpool(
  root: string,
  opts: { now?: number; host?: string; pid?: number; alive?: (pid: number) => boolean } = {},
): Promise<SpoolCleanup> {
  const now = opts.now ?? Date.now();
  const host = hostTag(opts.host);
  const pid = opts.pid ?? process.pid;
  const alive = opts.alive ?? isRunning;
  const out: SpoolCleanup = { removed: [], kept: [] };
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const name of names) {
    const m = INSTANCE_FOLDER.exec(name);
    if (!m) continue;
    const path = join(root, name);
    if (ours.has(resolve(path))) {
      out.kept.push(name);
      continue;
    }
    const owner = Number(m[2]);
    const sameHost = m[1] === host;
    let abandoned = sameHost && (owner === pid || !alive(owner));
    if (!abandoned) {
      const info = await stat(path).catch(() => null);
      abandoned = info !== null && now - info.mtimeMs > SPOOL_ABANDONED_MS;
    }
    if (abandoned) {
      await rm(path, { recursive: true, force: true });
      out.removed.push(name);
    } else out.kept.push(name);
  }
  return out;
}

/**
 * At start: creates `root`, removes what dead instances left in it, and makes a folder of this
 * instance's own the place new spools go. Returns that folder and what was removed.
 */
export async function openSpool(root: string): Promise<{ dir: string; removed: string[] }> {
  await mkdir(root, { recursive: true });
  const { removed } = await cleanSpool(root);
  const dir = resolve(root, `${hostTag()}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  ours.add(dir);
  current = dir;
  return { dir, removed };
}

/** Removes this instance's folder (at shutdown; the next start would otherwise). */
export async function closeSpool(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  ours.delete(dir);
  if (current === dir) current = [...ours].at(-1);
}

/**
 * A new empty directory for one spooled upload, inside this instance's folder (recreated if another
 * instance removed it as abandoned), or the system's temporary directory before openSpool ran.
 * The caller removes it when done.
 */
export async function makeSpoolDir(prefix: string): Promise<string> {
  if (current === undefined) return mkdtemp(join(tmpdir(), `vpa-${prefix}`));
  await mkdir(current, { recursive: true });
  return mkdtemp(join(current, prefix));
}
