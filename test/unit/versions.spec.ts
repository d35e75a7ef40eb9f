import { VERSION_AT_SQL, versionAt, type Version } from '../../src/rules/versions';

const v = (seq: number, validFrom: string | null, recordedAt: string): Version => ({ seq, validFrom, recordedAt: new Date(recordedAt) });

describe('versionAt: the version valid on a date as known at a time', () => {
  const first = v(1, null, '2025-07-01T00:00:00Z');
  const change = v(2, '2025-09-01', '2025-09-02T00:00:00Z');
  const backdated = v(3, '2025-08-01', '2025-10-01T00:00:00Z');
  const correction = v(4, '2025-09-01', '2025-10-05T00:00:00Z');
  const all = [first, change, backdated, correction];

  it('reads the latest valid-from on or before the date among the versions recorded by the time', () => {
    expect(versionAt(all, '2025-08-31', new Date('2025-09-30T00:00:00Z'))).toBe(first);
    expect(versionAt(all, '2025-09-01', new Date('2025-09-30T00:00:00Z'))).toBe(change);
    expect(versionAt(all, '2025-08-31', new Date('2025-10-02T00:00:00Z'))).toBe(backdated);
  });

  it('a correction (same valid-from, recorded later) wins only from the time it is recorded', () => {
    expect(versionAt(all, '2025-12-31', new Date('2025-10-04T23:59:59Z'))).toBe(change);
    expect(versionAt(all, '2025-12-31', new Date('2025-10-05T00:00:00Z'))).toBe(correction);
  });

  it('none when nothing was recorded by the time; ties of valid-from and time go to the later written', () => {
    expect(versionAt(all, '2025-12-31', new Date('2025-06-30T00:00:00Z'))).toBeNull();
    const twin = v(5, '2025-09-01', '2025-10-05T00:00:00Z');
    expect(versionAt([...all, twin], '2025-12-31', new Date('2026-01-01T00:00:00Z'))).toBe(twin);
    expect(versionAt([twin, ...all], '2025-12-31', new Date('2026-01-01T00:00:00Z'))).toBe(twin);
  });

  it('the SQL states the same order (tested against versionAt on a database in test/e2e/reports-bitemporal)', () => {
    const sql = VERSION_AT_SQL('asset_version', 'asset_id', '$1', '$2::date', '$3::timestamptz', 'v.seq');
    expect(sql).toContain('v.recorded_at <= $3::timestamptz AND (v.valid_from IS NULL OR v.valid_from <= $2::date)');
    expect(sql).toContain('ORDER BY v.valid_from DESC NULLS LAST, v.recorded_at DESC, v.seq DESC LIMIT 1');
  });
});
