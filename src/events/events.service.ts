import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { isInstant } from '../common/dates';
import { DomainError } from '../common/errors';
import type { Localized } from '../common/localized';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { type AnchorBreak, compareAnchor, type RecordedAnchor } from './event-anchor';
import { EventAnchorFile } from './event-anchor-file';
import { EventAnchorsRepository } from './event-anchors.repository';
import { type BrokenLink, checkBatch, startCursor } from './event-chain';
import { EventsReadRepository } from './events-read.repository';
import {
  ANCHOR_BREAKS_SHOWN,
  AnchorBreakDto,
  AnchorVerificationDto,
  ChainVerificationDto,
  EventDto,
  ListEventsQueryDto,
  VERIFY_DEFAULT_LIMIT,
  VerifyChainQueryDto,
} from './events.dto';

/** Rows fetched (and re-hashed by the database) per query of a chain walk. */
export const VERIFY_BATCH = 2_000;

/** The chain and the event list are national: a caller with a province scope is refused. */
function assertNational(ctx: RequestContext, what: Localized): void {
  if (ctx.user.provinceCode !== null) {
    throw new DomainError('national-scope-required', {
      vi: `${what.vi} bao trùm mọi tỉnh; chỉ quản trị viên và thanh tra viên cấp trung ương được xem (phạm vi của bạn là tỉnh ${ctx.user.provinceCode})`,
      en: `${what.en} covers every province; it is open to admins and national inspectors (your scope is province ${ctx.user.provinceCode})`,
    });
  }
}

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsReadRepository,
    private readonly anchors: EventAnchorsRepository,
    private readonly anchorFile: EventAnchorFile,
  ) {}

  /**
   * Walks the chain from `from` to `to` (seq numbers) in keyset batches, recomputing each row's
   * hash in the database, and stops at the first broken link or after `limit` rows (then `next`
   * says where to continue).
   */
  async verifyChain(ctx: RequestContext, q: VerifyChainQueryDto): Promise<ChainVerificationDto> {
    assertNational(ctx, { vi: 'Chuỗi sự kiện', en: 'The event chain' });
    const from = q.from ?? 1;
    const limit = q.limit ?? VERIFY_DEFAULT_LIMIT;
    if (q.to !== undefined && q.to < from) {
      throw new DomainError(
        'invalid-parameter',
        { vi: `to (${q.to}) nhỏ hơn from (${from})`, en: `to (${q.to}) is before from (${from})` },
        {
          errors: [{ field: 'to', message: { vi: 'không được nhỏ hơn from', en: 'must not be less than from' } }],
        },
      );
    }
    const callerAnchor = this.callerAnchor(q);
    const to = q.to ?? (await this.events.lastSeq());
    let cursor = startCursor(from, from > 1 ? await this.events.hashAt(from - 1) : undefined);
    let checked = 0;
    let lastSeq: number | null = null;
    let broken: BrokenLink | null = null;
    let nextFrom = from;
    while (checked < limit && nextFrom <= to) {
      const rows = await this.events.chainBatch(nextFrom, to, Math.min(VERIFY_BATCH, limit - checked));
      if (rows.length === 0) break;
      const result = checkBatch(cursor, rows);
      checked += result.checked;
      lastSeq = result.lastSeq ?? lastSeq;
      cursor = result.cursor;
      if (result.broken) {
        broken = result.broken;
        break;
      }
      nextFrom = rows[rows.length - 1].seq + 1;
    }
    const unfinished = broken === null && checked >= limit && lastSeq !== null && lastSeq < to;
    const anchors = await this.checkAnchors(callerAnchor);
    return {
      ok: broken === null && anchors.brokenCount === 0,
      checked,
      from,
      to: lastSeq,
      limit,
      next: unfinished ? lastSeq! + 1 : null,
      firstBroken: broken,
      anchors,
    };
  }

  /** The anchor the caller holds (anchorSequence and anchorHash, both or neither). */
  private callerAnchor(q: VerifyChainQueryDto): RecordedAnchor | null {
    const [seq, hash] = [q.anchorSequence, q.anchorHash];
    if (seq === undefined && hash === undefined) return null;
    if (seq === undefined || hash === undefined) {
      const missing = seq === undefined ? 'anchorSequence' : 'anchorHash';
      const given = seq === undefined ? 'anchorHash' : 'anchorSequence';
      throw new DomainError(
        'invalid-parameter',
        { vi: `${given} cần đi cùng ${missing}`, en: `${given} needs ${missing}` },
        {
          errors: [{ field: missing, message: { vi: `bắt buộc khi có ${given}`, en: `required with ${given}` } }],
        },
      );
    }
    return { source: 'caller', ref: null, recordedAt: null, seq, hash: hash.toLowerCase() };
  }

  /**
   * Compares the log with every anchor of its head: the event_anchor table's and the report
   * snapshots' (in one query), this database's lines of the anchor file, and the caller's.
   */
  private async checkAnchors(callerAnchor: RecordedAnchor | null): Promise<AnchorVerificationDto> {
    const lastSeq = await this.events.lastSeq();
    const inDb = await this.anchors.recordedInDatabase();
    const file = await this.anchorFile.read(await this.anchors.databaseName());
    const outside: RecordedAnchor[] = file.anchors.map(({ line, anchor }) => ({
      source: 'file',
      ref: String(line),
      recordedAt: anchor.recordedAt,
      seq: anchor.seq,
      hash: anchor.hash,
    }));
    if (callerAnchor) outside.push(callerAnchor);
    const stored = await this.anchors.hashesAt(outside.map((a) => a.seq));
    const breaks: AnchorBreak[] = [
      ...inDb.candidates.map((c) => compareAnchor(c.anchor, c.stored, lastSeq)),
      ...outside.map((a) => compareAnchor(a, stored.get(a.seq), lastSeq)),
    ].filter((b): b is AnchorBreak => b !== null);
    breaks.sort((a, b) => a.anchor.seq - b.anchor.seq);
    return {
      checked: inDb.count + outside.length,
      maxSeq: Math.max(inDb.maxSeq, ...outside.map((a) => a.seq)),
      brokenCount: breaks.length,
      broken: breaks.slice(0, ANCHOR_BREAKS_SHOWN).map(AnchorBreakDto.from),
      fileMalformedLines: file.malformed,
    };
  }

  /** The event log in chain order, filtered, in keyset pages; national callers only. */
  async list(ctx: RequestContext, q: ListEventsQueryDto): Promise<Page<EventDto>> {
    assertNational(ctx, { vi: 'Nhật ký sự kiện', en: 'The event log' });
    for (const field of ['from', 'to'] as const) {
      const v = q[field];
      if (v !== undefined && !isInstant(v)) {
        throw new DomainError(
          'invalid-parameter',
          { vi: `${field} không phải thời điểm hợp lệ`, en: `${field} is not a valid date-time` },
          {
            errors: [{ field, message: { vi: 'không phải thời điểm hợp lệ', en: 'not a valid date-time' } }],
          },
        );
      }
    }
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['integer'])?.[0] as number | undefined;
    const rows = await this.events.list({ entityType: q.entity_type, entityId: q.entity_id, actor: q.actor, from: q.from, to: q.to }, after, limit);
    return toPage(rows, limit, (r) => [Number(r.seq)], EventDto.from);
  }
}
