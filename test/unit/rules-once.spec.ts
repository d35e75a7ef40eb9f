import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HANDOVER_DUE_SQL, UNFINISHED_SQL, WITHDRAWN_SQL } from '../../src/rules/overdue.sql';
import { FINAL_STATUSES, TEMPORARY_HANDOVER_DAYS, UNFINISHED_STATUSES, WITHDRAWN_STATUSES } from '../../src/rules/model';
import { ACTION_STATUSES } from '../../src/schema/vocabulary';

const SRC = join(__dirname, '..', '..', 'src');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? sources(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

describe('the overdue rule, written once', () => {
  it('derives its SQL from the workflow model', () => {
    expect(UNFINISHED_STATUSES).toEqual(ACTION_STATUSES.filter((s) => !FINAL_STATUSES.includes(s)));
    expect(UNFINISHED_SQL).toBe(UNFINISHED_STATUSES.map((s) => `'${s}'`).join(', '));
    expect(WITHDRAWN_SQL).toBe(WITHDRAWN_STATUSES.map((s) => `'${s}'`).join(', '));
    expect(HANDOVER_DUE_SQL('x')).toBe(`(x.temporary_handover_date::date + ${TEMPORARY_HANDOVER_DAYS})`);
  });

  it('is not restated anywhere in the sources: no hand-over day count nor unfinished-status list in SQL', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      if (/temporary_handover_date(::date)?\s*\+\s*\d/.test(text)) offenders.push(`${file}: temporary_handover_date + <days>`);
      if (/IN \('draft', 'submitted', 'approved', 'in_progress'\)/.test(text)) offenders.push(`${file}: the unfinished statuses`);
    }
    expect(offenders).toEqual([]);
  });
});
