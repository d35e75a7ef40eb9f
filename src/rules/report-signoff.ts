/**
 * The rule of a weekly sign-off, pure: a province signs off its weekly report, so the snapshot signed
 * must be a provincial report (not the national one) made for the weekly period (not the monthly).
 */
import type { Violation } from '../common/errors';

export function signableViolation(snapshot: { id: string; scope: 'province' | 'national'; period: 'weekly' | 'monthly' }): Violation | null {
  if (snapshot.scope === 'province' && snapshot.period === 'weekly') return null;
  const what = snapshot.scope === 'national' ? { vi: 'báo cáo toàn quốc', en: 'a national report' } : { vi: 'báo cáo tháng', en: 'a monthly report' };
  return {
    code: 'sign-off-needs-weekly-province-report',
    message: {
      vi: `Báo cáo ${snapshot.id} là ${what.vi}; tỉnh chỉ ký xác nhận báo cáo tuần của tỉnh (scope "province", period "weekly")`,
      en: `Report ${snapshot.id} is ${what.en}; a province signs off only its weekly provincial report (scope "province", period "weekly")`,
    },
  };
}
