import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { chmod, type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../common/config';

/** A file received into the store's temporary folder, hashed and counted, not yet in place. */
export interface StagedFile {
  tempPath: string;
  sha256: string;
  sizeBytes: number;
}

/** What reading a stored file back found: its verified bytes as a stream, or why it cannot be served. */
export type VerifiedRead =
  { ok: true; stream: Readable } | { ok: false; reason: 'missing' | 'unreadable' | 'mismatch'; actualSha256: string | null; actualSize: number | null };

/** Thrown by stage() when the file goes over the limit; the temporary file is already gone. */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file over ${limit} bytes`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The content-addressed file store under DOCUMENTS_DIR: a file lives at `ab/cd/<sha256>` (read-only),
 * so identical content is stored once and a stored file can be checked against its name. Uploads
 * are written to `tmp/` first (same file system) and renamed into place atomically. Nothing here
 * ever deletes or overwrites a good stored file.
 */
@Injectable()
export class DocumentStorage {
  private readonly logger = new Logger('DocumentStorage');
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = resolve(config.documentsDir);
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams `source` into a temporary file while hashing and counting. Over `maxBytes` it stops
   * writing, still reads the source to its end (so the request finishes cleanly), removes the
   * temporary file and throws FileTooLargeError.
   */
  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tempPath = join(tmpDir, `${randomUUID()}.part`);
    const out = await open(tempPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let over = false;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (over || size > maxBytes) {
          over = true;
          continue;
        }
        hash.update(chunk);
        await out.write(chunk);
      }
      if (!over) await out.sync();
    } catch (err) {
      await out.close();
      await unlink(tempPath).catch(() => undefined);
      throw err;
    }
    await out.close();
    if (over) {
      await unlink(tempPath);
      throw new FileTooLargeError(maxBytes);
    }
    return { tempPath, sha256: hash.digest('hex'), sizeBytes: size };
  }

  /** Drops a staged file that will not be kept. */
  async discard(staged: StagedFile): Promise<void> {
    await unlink(staged.tempPath).catch(() => undefined);
  }

  /**
   * Moves a staged file to its content-addressed path. When a file with that hash is already
   * there (and still has that hash) it is kept and the staged copy dropped. A stored copy that no
   * longer matches its name is damaged: it is replaced by the verified upload and an error logged.
   */
  async commit(staged: StagedFile): Promise<'stored' | 'deduplicated'> {
    const target = this.pathOf(staged.sha256);
    await mkdir(dirname(target), { recursive: true });
    const existing = await this.hashFile(target);
    if (existing.kind === 'read' && existing.sha256 === staged.sha256) {
      await this.discard(staged);
      return 'deduplicated';
    }
    if (existing.kind !== 'missing') {
      this.logger.error(
        { sha256: staged.sha256, actualSha256: existing.kind === 'read' ? existing.sha256 : null },
        'Stored document file was damaged; replaced by an identical verified upload',
      );
    }
    await chmod(staged.tempPath, 0o444);
    await rename(staged.tempPath, target);
    await this.syncDir(dirname(target));
    return 'stored';
  }

  /**
   * Hashes the stored file and, only when its SHA-256 and size are the recorded ones, returns a
   * stream of the same open file from its start (a file swapped in between is not served).
   */
  async readVerified(sha256: string, sizeBytes: number): Promise<VerifiedRead> {
    const checked = await this.openAndHash(sha256, sizeBytes);
    if (!checked.ok) return checked;
    // autoClose (the default) closes the handle when the response has read it, or on error.
    return { ok: true, stream: checked.fh.createReadStream({ start: 0 }) };
  }

  /**
   * Hashes the stored file as a stream (never whole in memory) and compares it with the recorded
   * SHA-256 and size; the file is closed again. For verification runs, which serve nothing.
   */
  async check(sha256: string, sizeBytes: number): Promise<{ ok: true } | Extract<VerifiedRead, { ok: false }>> {
    const checked = await this.openAndHash(sha256, sizeBytes);
    if (!checked.ok) return checked;
    await checked.fh.close().catch(() => undefined);
    return { ok: true };
  }

  /** Opens the stored file and hashes it; the handle stays open (for the caller) only when it matches. */
  private async openAndHash(sha256: string, sizeBytes: number): Promise<{ ok: true; fh: FileHandle } | Extract<VerifiedRead, { ok: false }>> {
    let fh: FileHandle;
    try {
      fh = await open(this.pathOf(sha256), 'r');
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      return { ok: false, reason: missing ? 'missing' : 'unreadable', actualSha256: null, actualSize: null };
    }
    try {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of fh.createReadStream({ start: 0, autoClose: false }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      const actual = hash.digest('hex');
      if (actual === sha256 && size === sizeBytes) return { ok: true, fh };
      await fh.close().catch(() => undefined);
      return { ok: false, reason: 'mismatch', actualSha256: actual, actualSize: size };
    } catch {
      await fh.close().catch(() => undefined);
      return { ok: false, reason: 'unreadable', actualSha256: null, actualSize: null };
    }
  }

  private async hashFile(path: string): Promise<{ kind: 'missing' } | { kind: 'unreadable' } | { kind: 'read'; sha256: string }> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable' };
    }
    try {
      const hash = createHash('sha256');
      for await (const chunk of fh.createReadStream({ start: 0, autoClose: false }) as AsyncIterable<Buffer>) hash.update(chunk);
      return { kind: 'read', sha256: hash.digest('hex') };
    } catch {
      return { kind: 'unreadable' };
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  /** Makes a rename durable (best effort where directories cannot be fsync'ed). */
  private async syncDir(dir: string): Promise<void> {
    const fh = await open(dir, 'r').catch(() => null);
    if (!fh) return;
    await fh.sync().catch(() => undefined);
    await fh.close();
  }
}
