import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOrphaned, runningPostmaster } from '../../src/database/embedded-runtime';

describe('runningPostmaster (what a data directory says about its server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpa-pm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = (text: string) => writeFileSync(join(dir, 'postmaster.pid'), text);

  it("reads a live server's process id and port", () => {
    pidFile(`${process.pid}\n${dir}\n1796677060\n54329\n\n127.0.0.1\n  1234  5678\nready\n`);
    expect(runningPostmaster(dir)).toEqual({ pid: process.pid, port: 54329 });
  });

  it('is null without a file, for a stale one (the process is gone) and for a malformed one', () => {
    expect(runningPostmaster(join(dir, 'nowhere'))).toBeNull();
    pidFile(`2147483646\n${dir}\n1796677060\n54329\n`);
    expect(runningPostmaster(dir)).toBeNull();
    for (const text of ['', 'abc\n', `${process.pid}\n${dir}\n1\nnot-a-port\n`, `${process.pid}\n${dir}\n1\n70000\n`]) {
      pidFile(text);
      expect(runningPostmaster(dir)).toBeNull();
    }
  });
});

describe('isOrphaned', () => {
  it('says a process whose parent is not an API or CLI of ours was left behind', () => {
    // This test's own process: its parent is Jest's runner, not `node …/main.js` or `cli.js`.
    expect(isOrphaned({ pid: process.pid, port: 1 })).toBe(true);
  });

  it('cannot tell for a process that does not exist', () => {
    expect(isOrphaned({ pid: 2147483646, port: 1 })).toBeNull();
  });
});
