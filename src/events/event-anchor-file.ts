import { Inject, Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { type AnchorLine, anchorLine, parseAnchorLine } from './event-anchor';

/** What the anchor file holds for one database. */
export interface AnchorFileContents {
  /** This database's anchors, with their line numbers (from 1). */
  anchors: { line: number; anchor: AnchorLine }[];
  /** Lines that are not an anchor (a write a crash cut short). */
  malformed: number;
}

/**
 * The anchors of the event log's head written outside the database: one JSON line each, appended to
 * EVENT_ANCHOR_FILE (by default beside the documents directory) and fsync'ed before the write counts as
 * done. Only ever appended to; someone who can change the database cannot change this file by it.
 */
@Injectable()
export class EventAnchorFile {
  readonly path: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.path = resolve(config.eventAnchorFile);
  }

  async append(anchor: AnchorLine): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const fh = await open(this.path, 'a', 0o644);
    try {
      const created = (await fh.stat()).size === 0;
      await fh.appendFile(anchorLine(anchor), 'utf8');
      await fh.sync();
      // The file's own directory entry is durable once its directory is synced too (best effort).
      if (created) await syncDir(dirname(this.path));
    } finally {
      await fh.close();
    }
  }

  /**
   * Moves the file aside, whole, to `<file>.<suffix>` (a restore replaces the log its anchors were
   * of); returns the new path, or null when there is no file.
   */
  async setAside(suffix: string): Promise<string | null> {
    const to = `${this.path}.${suffix}`;
    try {
      await rename(this.path, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    await syncDir(dirname(this.path));
    return to;
  }

  /** The anchors of `database`, streamed line by line; no file yet is no anchor. */
  async read(database: string): Promise<AnchorFileContents> {
    const out: AnchorFileContents = { anchors: [], malformed: 0 };
    let stream;
    try {
      stream = createReadStream(this.path, { encoding: 'utf8' });
      await new Promise<void>((ok, fail) => stream!.once('open', () => ok()).once('error', fail));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw err;
    }
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      const anchor = parseAnchorLine(text);
      if (anchor === null) out.malformed++;
      else if (anchor.database === database) out.anchors.push({ line, anchor });
    }
    return out;
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null);
  if (!fh) return;
  await fh.sync().catch(() => undefined);
  await fh.close();
}
