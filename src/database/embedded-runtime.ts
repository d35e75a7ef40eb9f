import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A PostgreSQL running on a data directory, as the server records itself in postmaster.pid. */
export interface RunningPostmaster {
  pid: number;
  port: number;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (the embedded server runs as 'postgres' under root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The live PostgreSQL of `dataDir`, from its postmaster.pid (first line its process id, fourth its
 * port); null when none runs there (no file, or a stale one left by a crash).
 */
export function runningPostmaster(dataDir: string): RunningPostmaster | null {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) return null;
  return alive(pid) ? { pid, port } : null;
}

/** The parent process id of `pid` (Linux /proc), or null when it cannot be read. */
function parentOf(pid: number): number | null {
  try {
    // The command name (2nd field) is in parentheses and may hold spaces: the parent is the 2nd field after it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/**
 * Whether the server was left behind by an API that died without stopping it (kill -9, a crash, an
 * OOM kill): the embedded server is the API's (or a CLI command's) child, so once that is gone it is
 * re-parented, to a process that is not ours. Null when that cannot be told (not Linux).
 */
export function isOrphaned(pm: RunningPostmaster, ownerCommand = /node/): boolean | null {
  const ppid = parentOf(pm.pid);
  if (ppid === null) return null;
  // Re-parented to init or a subreaper: not a running API or CLI (one that is PID 1 itself, as in a
  // container, is recognised by its command line like any other).
  try {
    const cmd = readFileSync(`/proc/${ppid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return !(ownerCommand.test(cmd) && /main\.(js|ts)|start\.js|cli\.(js|ts)/.test(cmd));
  } catch {
    return null;
  }
}

/** Stops a server left behind (fast shutdown: open transactions roll back, nothing committed is lost) and waits for it to go. */
export async function stopOrphan(pm: RunningPostmaster, dataDir: string, timeoutMs = 30_000): Promise<void> {
  process.kill(pm.pid, 'SIGINT');
  const until = Date.now() + timeoutMs;
  while (runningPostmaster(dataDir)) {
    if (Date.now() > until) throw new Error(`The PostgreSQL left running on ${dataDir} (process ${pm.pid}) did not stop within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
