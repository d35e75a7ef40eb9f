import { anchorLine, compareAnchor, parseAnchorLine, type RecordedAnchor } from '../../src/events/event-anchor';
import { GENESIS_HASH } from '../../src/events/event-chain';

const h = (n: number) => n.toString(16).padStart(64, '0');
const anchor = (seq: number, hash = h(seq), source: RecordedAnchor['source'] = 'schedule'): RecordedAnchor => ({
  source,
  ref: '7',
  recordedAt: '2025-12-01T00:00:00.000Z',
  seq,
  hash,
});

describe('event log anchors', () => {
  describe('compareAnchor', () => {
    it('holds when the row at the anchored seq has the anchored hash, whatever came after', () => {
      expect(compareAnchor(anchor(10), h(10), 10)).toBeNull();
      expect(compareAnchor(anchor(10), h(10), 250)).toBeNull();
    });

    it('finds the tail cut off: the log now ends before the anchored seq', () => {
      const a = anchor(10);
      expect(compareAnchor(a, undefined, 7)).toEqual({ anchor: a, reason: 'tail-truncated', actualHash: null, lastSeq: 7 });
      expect(compareAnchor(a, undefined, 0)).toMatchObject({ reason: 'tail-truncated', lastSeq: 0 });
      // One row short is already a truncation.
      expect(compareAnchor(a, undefined, 9)).toMatchObject({ reason: 'tail-truncated' });
    });

    it('finds the anchored row gone while the log goes on past it', () => {
      expect(compareAnchor(anchor(10), undefined, 10)).toMatchObject({ reason: 'anchored-event-missing', actualHash: null, lastSeq: 10 });
      expect(compareAnchor(anchor(10), undefined, 12)).toMatchObject({ reason: 'anchored-event-missing', lastSeq: 12 });
    });

    it('finds the anchored row rewritten (or the log cut and written again past it)', () => {
      const a = anchor(10, h(10), 'caller');
      expect(compareAnchor(a, h(99), 10)).toEqual({ anchor: a, reason: 'anchored-hash-mismatch', actualHash: h(99), lastSeq: 10 });
      expect(compareAnchor(a, h(99), 40)).toMatchObject({ reason: 'anchored-hash-mismatch', actualHash: h(99) });
    });

    it('takes an anchor of the empty log (seq 0) as the genesis hash, whatever the log holds now', () => {
      expect(compareAnchor(anchor(0, GENESIS_HASH), undefined, 0)).toBeNull();
      expect(compareAnchor(anchor(0, GENESIS_HASH), undefined, 30)).toBeNull();
      expect(compareAnchor(anchor(0, h(5)), undefined, 30)).toMatchObject({ reason: 'anchored-hash-mismatch', actualHash: GENESIS_HASH });
    });
  });

  describe('anchor file lines', () => {
    const line = { database: 'vpa', seq: 12, hash: h(12), recordedAt: '2025-12-01T00:00:00.000Z' };

    it('writes one JSON line and reads it back', () => {
      const text = anchorLine(line);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.slice(0, -1)).not.toContain('\n');
      expect(parseAnchorLine(text.trimEnd())).toEqual(line);
    });

    it.each([
      ['a write cut short', anchorLine(line).slice(0, 30)],
      ['not an object', '[1, 2]'],
      ['null', 'null'],
      ['no database', JSON.stringify({ ...line, database: undefined })],
      ['a negative seq', JSON.stringify({ ...line, seq: -1 })],
      ['a fractional seq', JSON.stringify({ ...line, seq: 1.5 })],
      ['a seq as text', JSON.stringify({ ...line, seq: '12' })],
      ['a hash in capitals', JSON.stringify({ ...line, hash: h(12).toUpperCase().replace(/0/g, 'A') })],
      ['a short hash', JSON.stringify({ ...line, hash: 'abc' })],
      ['a time that is not one', JSON.stringify({ ...line, recordedAt: 'yesterday' })],
    ])('refuses %s', (_what, text) => {
      expect(parseAnchorLine(text)).toBeNull();
    });
  });
});
