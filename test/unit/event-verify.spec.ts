import { type ChainRow, checkBatch, GENESIS_HASH, startCursor } from '../../src/events/event-chain';

const h = (n: number) => n.toString(16).padStart(64, '0');

/** A well-formed chain of n rows: row k has hash h(100 + k) and links to row k - 1. */
function chain(n: number, first = 1): ChainRow[] {
  return Array.from({ length: n }, (_, i) => {
    const seq = first + i;
    return { seq, id: String(1000 + seq), prevHash: seq === 1 ? GENESIS_HASH : h(100 + seq - 1), hash: h(100 + seq), computed: h(100 + seq) };
  });
}

describe('event chain verification', () => {
  describe('startCursor', () => {
    it('starts at the genesis hash from seq 1 (and from 0 or below)', () => {
      expect(startCursor(1, undefined)).toEqual({ expectedSeq: 1, prevHash: GENESIS_HASH });
      expect(startCursor(0, 'x')).toEqual({ expectedSeq: 1, prevHash: GENESIS_HASH });
    });
    it('links into a later range through the row before it', () => {
      expect(startCursor(5, h(104))).toEqual({ expectedSeq: 5, prevHash: h(104) });
    });
    it('does not check the link into the range when the row before it is missing', () => {
      expect(startCursor(5, undefined)).toEqual({ expectedSeq: 5, prevHash: null });
    });
  });

  describe('checkBatch', () => {
    it('accepts an intact chain and carries the cursor on', () => {
      const r = checkBatch(startCursor(1, undefined), chain(4));
      expect(r).toEqual({ cursor: { expectedSeq: 5, prevHash: h(104) }, checked: 4, broken: null, lastSeq: 4 });
    });

    it('accepts the chain split into batches exactly as whole', () => {
      const rows = chain(6);
      const a = checkBatch(startCursor(1, undefined), rows.slice(0, 2));
      const b = checkBatch(a.cursor, rows.slice(2));
      expect(b).toEqual({ cursor: { expectedSeq: 7, prevHash: h(106) }, checked: 4, broken: null, lastSeq: 6 });
    });

    it('accepts an empty batch without moving', () => {
      const c = startCursor(3, h(102));
      expect(checkBatch(c, [])).toEqual({ cursor: c, checked: 0, broken: null, lastSeq: null });
    });

    it('names a row whose stored hash is not the recomputed one', () => {
      const rows = chain(5);
      rows[2] = { ...rows[2], computed: h(999) };
      const r = checkBatch(startCursor(1, undefined), rows);
      expect(r.broken).toEqual({ seq: 3, id: '1003', reason: 'hash-mismatch', expected: h(999), actual: h(103) });
      expect(r.checked).toBe(3);
      expect(r.lastSeq).toBe(3);
    });

    it('names a row whose prev_hash is not the previous hash, before its own hash (which then differs too)', () => {
      const rows = chain(5);
      rows[3] = { ...rows[3], prevHash: h(777), computed: h(888) };
      const r = checkBatch(startCursor(1, undefined), rows);
      expect(r.broken).toEqual({ seq: 4, id: '1004', reason: 'prev-hash-mismatch', expected: h(103), actual: h(777) });
      expect(r.checked).toBe(4);
    });

    it('names the row after a missing one as a gap', () => {
      const rows = chain(5).filter((r) => r.seq !== 3);
      const r = checkBatch(startCursor(1, undefined), rows);
      expect(r.broken).toEqual({ seq: 4, id: '1004', reason: 'gap', expected: '3', actual: '4' });
      expect(r.checked).toBe(3);
    });

    it('finds a missing first row', () => {
      const r = checkBatch(startCursor(1, undefined), chain(3, 2));
      expect(r.broken).toEqual({ seq: 2, id: '1002', reason: 'gap', expected: '1', actual: '2' });
    });

    it('checks the first row against the genesis hash', () => {
      const rows = chain(2);
      rows[0] = { ...rows[0], prevHash: h(1) };
      expect(checkBatch(startCursor(1, undefined), rows).broken).toMatchObject({ seq: 1, reason: 'prev-hash-mismatch', expected: GENESIS_HASH, actual: h(1) });
    });

    it('checks the link into a range with the hash of the row before it', () => {
      expect(checkBatch(startCursor(3, h(102)), chain(2, 3)).broken).toBeNull();
      expect(checkBatch(startCursor(3, h(555)), chain(2, 3)).broken).toMatchObject({ seq: 3, reason: 'prev-hash-mismatch', expected: h(555), actual: h(102) });
      // Unknown predecessor: the first link is not checked, the next ones are.
      const rows = chain(3, 3);
      expect(checkBatch(startCursor(3, undefined), rows).broken).toBeNull();
      rows[1] = { ...rows[1], prevHash: h(1) };
      expect(checkBatch(startCursor(3, undefined), rows).broken).toMatchObject({ seq: 4, reason: 'prev-hash-mismatch' });
    });

    it('reports only the first of several broken links', () => {
      const rows = chain(6);
      rows[1] = { ...rows[1], computed: h(1) };
      rows[4] = { ...rows[4], computed: h(2) };
      expect(checkBatch(startCursor(1, undefined), rows).broken).toMatchObject({ seq: 2, reason: 'hash-mismatch' });
    });
  });
});
