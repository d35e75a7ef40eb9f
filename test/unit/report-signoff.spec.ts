import { signableViolation } from '../../src/rules/report-signoff';

describe('which report snapshot a province may sign off', () => {
  it('a weekly provincial report', () => {
    expect(signableViolation({ id: 'r', scope: 'province', period: 'weekly' })).toBeNull();
  });

  it.each([
    ['province', 'monthly', 'a monthly report'],
    ['national', 'weekly', 'a national report'],
    ['national', 'monthly', 'a national report'],
  ] as const)('not a %s %s one (%s)', (scope, period, what) => {
    const v = signableViolation({ id: 'r', scope, period });
    expect(v?.code).toBe('sign-off-needs-weekly-province-report');
    expect(v?.message.en).toContain(what);
  });
});
