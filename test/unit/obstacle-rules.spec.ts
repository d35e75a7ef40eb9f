import { answerViolations, obstacleOpen, raisedOnViolations } from '../../src/rules/obstacle-rules';

const TODAY = '2025-12-10';
const fields = (vs: { fields?: readonly { field: string }[] }[]) => vs.flatMap((v) => (v.fields ?? []).map((f) => f.field));

describe('obstacle rules', () => {
  describe('obstacleOpen', () => {
    it('lets an obstacle awaiting its answer change', () => {
      expect(obstacleOpen('open')).toBeNull();
    });
    it('refuses an answered one (409 obstacle-answered)', () => {
      expect(obstacleOpen('answered')).toMatchObject({ code: 'obstacle-answered' });
    });
  });

  describe('raisedOnViolations', () => {
    it('accepts today and earlier', () => {
      expect(raisedOnViolations(TODAY, TODAY)).toEqual([]);
      expect(raisedOnViolations('2025-07-01', TODAY)).toEqual([]);
    });
    it('refuses tomorrow, naming raisedOn', () => {
      const v = raisedOnViolations('2025-12-11', TODAY);
      expect(v.map((x) => x.code)).toEqual(['validation-failed']);
      expect(fields(v)).toEqual(['raisedOn']);
      expect(v[0].message.en).toContain('after today (2025-12-10)');
    });
  });

  describe('answerViolations', () => {
    const open = { status: 'open' as const, raisedOn: '2025-11-01' };

    it('accepts an answer dated from the day it was raised to today', () => {
      for (const d of ['2025-11-01', '2025-11-20', TODAY]) expect(answerViolations(open, d, TODAY)).toEqual([]);
    });

    it('refuses an answer dated before the obstacle was raised', () => {
      const v = answerViolations(open, '2025-10-31', TODAY);
      expect(v.map((x) => x.code)).toEqual(['validation-failed']);
      expect(fields(v)).toEqual(['answeredOn']);
      expect(v[0].fields![0].message).toEqual({ vi: 'không được trước raisedOn (2025-11-01)', en: 'not before raisedOn (2025-11-01)' });
    });

    it('refuses an answer dated in the future', () => {
      const v = answerViolations(open, '2025-12-11', TODAY);
      expect(fields(v)).toEqual(['answeredOn']);
      expect(v[0].fields![0].message).toMatchObject({ en: 'not after today (2025-12-10)' });
    });

    it('names both when the obstacle was raised after today and the answer falls between', () => {
      expect(fields(answerViolations({ status: 'open', raisedOn: '2025-12-20' }, '2025-12-15', TODAY))).toEqual(['answeredOn', 'answeredOn']);
    });

    it('refuses a second answer before looking at its date', () => {
      const v = answerViolations({ status: 'answered', raisedOn: '2025-11-01' }, '2025-10-01', TODAY);
      expect(v.map((x) => x.code)).toEqual(['obstacle-answered']);
    });
  });
});
