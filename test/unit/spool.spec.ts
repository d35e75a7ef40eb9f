import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { loadConfig } from '../../src/common/config';
import { cleanSpool, closeSpool, makeSpoolDir, openSpool, SPOOL_ABANDONED_MS } from '../../src/common/spool';

describe('the upload spool', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vpa-spool-test-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const folder = (name: string, ageMs = 0) => {
    const p = join(root, name);
    mkdirSync(p);
    writeFileSync(join(p, 'upload'), 'code,name\n');
    if (ageMs) {
      const t = (Date.now() - ageMs) / 1000;
      utimesSync(p, t, t);
    }
    return p;
  };

  it("removes what dead instances left, keeps live instances' folders and never touches other entries", async () => {
    folder('web1.4001.aaaaaaaa'); // this host, process gone
    folder('web1.4002.bbbbbbbb'); // this host, process running
    folder('web1.777.cccccccc'); // this host, this pid but not this process's (a container restarted with the same pid)
    folder('web2.4003.dddddddd'); // another host, recent: it may be running
    folder('web2.4004.eeeeeeee', SPOOL_ABANDONED_MS + 60_000); // another host, untouched for a day
    folder('web1.4002.ffffffff', SPOOL_ABANDONED_MS + 60_000); // this host, running pid, but untouched for a day (pid reused)
    const old = Date.now() / 1000 - (2 * SPOOL_ABANDONED_MS) / 1000;
    mkdirSync(join(root, 'documents'));
    writeFileSync(join(root, 'notes.txt'), 'not ours');
    utimesSync(join(root, 'documents'), old, old);
    utimesSync(join(root, 'notes.txt'), old, old);

    const out = await cleanSpool(root, { host: 'web1', pid: 777, alive: (pid) => pid === 4002 || pid === 777 });
    expect(out.removed.sort()).toEqual(['web1.4001.aaaaaaaa', 'web1.4002.ffffffff', 'web1.777.cccccccc', 'web2.4004.eeeeeeee']);
    expect(out.kept.sort()).toEqual(['web1.4002.bbbbbbbb', 'web2.4003.dddddddd']);
    expect(readdirSync(root).sort()).toEqual(['documents', 'notes.txt', 'web1.4002.bbbbbbbb', 'web2.4003.dddddddd']);
  });

  it('a missing spool directory is nothing to clean', async () => {
    expect(await cleanSpool(join(root, 'absent'))).toEqual({ removed: [], kept: [] });
  });

  it("at start: creates the directory and this instance's folder, cleans a killed import's leftovers; spools go there and are removed after use", async () => {
    const spoolDir = join(root, 'spool');
    mkdirSync(spoolDir);
    const host =
      hostname()
        .replace(/[^A-Za-z0-9-]/g, '-')
        .slice(0, 60) || 'host';
    // A process of this host that was killed during an import (pid 2^22+1 is above Linux's pid_max default range in use here).
    const killed = join(spoolDir, `${host}.4194305.12345678`, 'import-abc');
    mkdirSync(killed, { recursive: true });
    writeFileSync(join(killed, 'upload'), 'x'.repeat(1000));

    const first = await openSpool(spoolDir);
    try {
      expect(first.removed).toEqual([`${host}.4194305.12345678`]);
      expect(existsSync(killed)).toBe(false);
      expect(basename(first.dir)).toMatch(new RegExp(`^${host}\\.${process.pid}\\.[0-9a-f]{8}$`));
      // A second app in the same process (tests run several) keeps the first one's folder.
      const second = await openSpool(spoolDir);
      expect(second.removed).toEqual([]);
      expect(existsSync(first.dir)).toBe(true);
      const upload = await makeSpoolDir('import-');
      expect(dirname(upload)).toBe(second.dir);
      rmSync(upload, { recursive: true });
      // Removed by another instance as abandoned: recreated when next needed.
      rmSync(second.dir, { recursive: true });
      const again = await makeSpoolDir('import-');
      expect(dirname(again)).toBe(second.dir);
      await closeSpool(second.dir);
      expect(existsSync(second.dir)).toBe(false);
      expect(dirname(await makeSpoolDir('import-'))).toBe(first.dir);
    } finally {
      await closeSpool(first.dir);
    }
    expect(readdirSync(spoolDir)).toEqual([]);
    // With no spool open (e.g. a script using the reader directly), the system's temporary directory.
    const loose = await makeSpoolDir('import-');
    expect(dirname(loose)).toBe(tmpdir());
    rmSync(loose, { recursive: true });
  });

  it('SPOOL_DIR defaults to `spool` beside the documents directory and is validated at boot', () => {
    expect(loadConfig({}).spoolDir).toBe(join('.data', 'spool'));
    expect(loadConfig({ DOCUMENTS_DIR: '/var/lib/vn-public-assets/documents' }).spoolDir).toBe('/var/lib/vn-public-assets/spool');
    expect(loadConfig({ SPOOL_DIR: '/srv/spool' }).spoolDir).toBe('/srv/spool');
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    expect(() => loadConfig({ SPOOL_DIR: file })).toThrow(/SPOOL_DIR must be a directory/);
  });
});
