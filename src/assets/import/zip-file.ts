/**
 * Reads entries of a ZIP archive on disk (an XLSX package) through its central directory, in any
 * order, each inflated as a stream (node:zlib) while its bytes are counted: an entry past its own
 * cap, or the archive past the budget of inflated bytes shared by every entry read, stops at once
 * with a ZipLimitError. Stored and deflated entries are read; ZIP64 is understood; encryption and
 * other methods are refused. What the local headers and data descriptors claim is not trusted: the
 * central directory gives the compressed size, and the inflated size is what inflating yields.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/** The archive cannot be read as a ZIP. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/** An entry inflated past its cap ('entry') or the archive past its budget ('total'). */
export class ZipLimitError extends Error {
  constructor(
    readonly kind: 'entry' | 'total',
    readonly entry: string,
    readonly max: number,
  ) {
    super(`${entry} inflates past ${max} bytes${kind === 'total' ? ' (with the entries read before it)' : ''}`);
    this.name = 'ZipLimitError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Entries in a central directory; an XLSX has a few dozen. */
const MAX_ENTRIES = 10_000;
const MAX_CENTRAL_DIRECTORY = 16 * 1024 * 1024;
const CHUNK = 64 * 1024;

export class ZipFile {
  /** Inflated bytes read so far, all entries together. */
  inflated = 0;

  private constructor(
    private readonly path: string,
    private readonly fh: FileHandle,
    private readonly size: number,
    private readonly entries: Map<string, ZipEntry>,
    /** Names in archive order. */
    readonly names: string[],
    private readonly budget: number,
  ) {}

  /** Opens the archive and reads its central directory; `budget` caps the inflated bytes of all the entries read. */
  static async open(path: string, budget: number): Promise<ZipFile> {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const { count, cdOffset, cdSize } = await readEnd(fh, size);
      if (count > MAX_ENTRIES) throw new ZipError(`the archive lists ${count} entries (at most ${MAX_ENTRIES} are read)`);
      if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > size) throw new ZipError('the central directory is malformed');
      const cd = await readAt(fh, cdOffset, cdSize);
      const entries = new Map<string, ZipEntry>();
      const names: string[] = [];
      let p = 0;
      for (let i = 0; i < count; i++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('the central directory is malformed');
        const flags = cd.readUInt16LE(p + 8);
        const method = cd.readUInt16LE(p + 10);
        let compressedSize = cd.readUInt32LE(p + 20);
        const size32 = cd.readUInt32LE(p + 24);
        const nameLength = cd.readUInt16LE(p + 28);
        const extraLength = cd.readUInt16LE(p + 30);
        const commentLength = cd.readUInt16LE(p + 32);
        let localOffset = cd.readUInt32LE(p + 42);
        const end = p + 46 + nameLength + extraLength + commentLength;
        if (end > cd.length) throw new ZipError('the central directory is malformed');
        const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
        if (compressedSize === 0xffffffff || localOffset === 0xffffffff) {
          // ZIP64: the real values are in the extra field 0x0001, in this order, for those that overflowed.
          const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
          const z = zip64Extra(extra);
          let k = 0;
          if (size32 === 0xffffffff) k++;
          if (compressedSize === 0xffffffff) compressedSize = z[k++] ?? Number.NaN;
          if (localOffset === 0xffffffff) localOffset = z[k++] ?? Number.NaN;
          if (!Number.isSafeInteger(compressedSize) || !Number.isSafeInteger(localOffset)) throw new ZipError('a ZIP64 entry is malformed');
        }
        const key = name.toLowerCase();
        if (!entries.has(key)) {
          entries.set(key, { name, method, flags, compressedSize, localOffset });
          names.push(name);
        }
        p = end;
      }
      return new ZipFile(path, fh, size, entries, names, budget);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** The entry of that name (case ignored), if any. */
  entry(name: string): ZipEntry | undefined {
    return this.entries.get(name.replace(/^\/+/, '').toLowerCase());
  }

  /** The entry's inflated bytes, in chunks; past `maxBytes` (this entry) or the archive's budget, a ZipLimitError. */
  async *read(entry: ZipEntry, maxBytes: number): AsyncGenerator<Buffer> {
    if (entry.flags & 1) throw new ZipError(`${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipError(`${entry.name} uses compression method ${entry.method} (only stored and deflated entries are read)`);
    const local = await readAt(this.fh, entry.localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ZipError(`the local header of ${entry.name} is malformed`);
    const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (start + entry.compressedSize > this.size) throw new ZipError(`${entry.name} runs past the end of the archive`);
    let bytes = 0;
    const streams: Readable[] = [];
    try {
      if (entry.compressedSize === 0) return;
      const raw = createReadStream(this.path, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK });
      streams.push(raw);
      let source: Readable = raw;
      if (entry.method === 8) {
        const inflate = createInflateRaw({ chunkSize: CHUNK });
        raw.on('error', (err) => inflate.destroy(err));
        source = raw.pipe(inflate);
        streams.push(inflate);
      }
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          this.inflated += chunk.length;
          if (bytes > maxBytes) throw new ZipLimitError('entry', entry.name, maxBytes);
          if (this.inflated > this.budget) throw new ZipLimitError('total', entry.name, this.budget);
          yield chunk;
        }
      } catch (err) {
        if (err instanceof ZipLimitError || !(err instanceof Error) || !('errno' in err || 'code' in err)) throw err;
        throw new ZipError(`${entry.name} cannot be inflated: ${err.message}`);
      }
    } finally {
      for (const s of streams) s.destroy();
    }
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The central directory's place and size, from the end-of-central-directory record (and its ZIP64 form). */
async function readEnd(fh: FileHandle, size: number): Promise<{ count: number; cdOffset: number; cdSize: number }> {
  if (size < 22) throw new ZipError('not a ZIP archive (too short)');
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLength, tailLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    let count = tail.readUInt16LE(i + 10);
    let cdSize = tail.readUInt32LE(i + 12);
    let cdOffset = tail.readUInt32LE(i + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const at = i - 20;
      if (at < 0 || tail.readUInt32LE(at) !== EOCD64_LOCATOR) throw new ZipError('the ZIP64 end record is missing');
      const offset = Number(tail.readBigUInt64LE(at + 8));
      const end64 = await readAt(fh, offset, 56);
      if (end64.length < 56 || end64.readUInt32LE(0) !== EOCD64) throw new ZipError('the ZIP64 end record is malformed');
      count = Number(end64.readBigUInt64LE(32));
      cdSize = Number(end64.readBigUInt64LE(40));
      cdOffset = Number(end64.readBigUInt64LE(48));
    }
    return { count, cdOffset, cdSize };
  }
  throw new ZipError('not a ZIP archive (no central directory)');
}

function zip64Extra(extra: Buffer): number[] {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let k = p + 4; k + 8 <= p + 4 + length && k + 8 <= extra.length; k += 8) values.push(Number(extra.readBigUInt64LE(k)));
      return values;
    }
    p += 4 + length;
  }
  return [];
}
