import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const NEWLINE = 0x0a;

/**
 * A pass-through stream that hashes (SHA-256) and counts what flows through it, and optionally its
 * newlines: in COPY text format every row ends with one and a newline inside a value is escaped, so
 * the newlines are the rows.
 */
export class Meter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private digest: string | null = null;
  bytes = 0;
  lines = 0;

  constructor(private readonly countLines = false) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.countLines) {
      for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) this.lines++;
    }
    done(null, chunk);
  }

  /** The SHA-256 (hex) of everything that went through; call once the stream has ended. */
  sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}

/** The SHA-256 and size of a file, read as a stream; null when it does not exist. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number } | null> {
  const meter = new Meter();
  try {
    await pipeline(createReadStream(path), meter, async (source: AsyncIterable<Buffer>) => {
      for await (const _chunk of source) void _chunk;
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return { sha256: meter.sha256(), bytes: meter.bytes };
}
