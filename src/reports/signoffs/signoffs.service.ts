import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/auth-user';
import { todayInVietnam } from '../../common/dates';
import { DomainError, notFound, violationError } from '../../common/errors';
import { scopeOf } from '../../common/scope';
import { Transactions } from '../../database/transaction';
import { EventsRepository } from '../../events/events.repository';
import { isoWeekOf, weekBounds } from '../../rules/iso-week';
import { signableViolation } from '../../rules/report-signoff';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { ProvinceSignOffDto, SignOffDto, SignOffReportDto, SignOffsQueryDto, WeekSignOffsDto } from './signoffs.dto';
import { SignOffsRepository } from './signoffs.repository';

/**
 * Weekly sign-off: an officer of a province signs off the province's weekly report snapshot, once per
 * ISO week (of the snapshot's as-of date); the national view lists, for a week, every province with
 * its sign-off or none. A second sign-off of a signed week is refused rather than replacing the first:
 * the sign-off is the province's word on the figures it published, and the national view must not
 * change under those who read it (a correction is a new week's report, or a withdrawal not yet built).
 */
@Injectable()
export class SignOffsService {
  constructor(
    private readonly signOffs: SignOffsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  /**
   * Only officers reach here (the route's roles): the admin may not sign for a province. Another
   * province's snapshot, and the national report, are outside the officer's scope: 404.
   */
  async signOff(ctx: RequestContext, snapshotId: string, body: SignOffReportDto | undefined): Promise<SignOffDto> {
    const snapshot = await this.snapshots.findInScope(scopeOf(ctx.user), snapshotId);
    if (!snapshot || snapshot.province_code === null || snapshot.province_code !== ctx.user.provinceCode) throw notFound('report', snapshotId);
    const refused = signableViolation(snapshot);
    if (refused) throw violationError(refused);
    const province = snapshot.province_code;
    const week = isoWeekOf(snapshot.as_of);
    return this.tx.run(async () => {
      const id = await this.signOffs.insertIfFirst({
        snapshotId,
        provinceCode: province,
        week,
        asOf: snapshot.as_of,
        signedBy: ctx.user.id,
        note: body?.note ?? null,
      });
      if (id === null) {
        const first = (await this.signOffs.findOfWeek(province, week))!;
        throw new DomainError(
          'week-already-signed-off',
          {
            vi: `Tỉnh ${province} đã ký xác nhận báo cáo tuần ${week} (báo cáo ${first.snapshot_id}, ${first.signed_by_username ?? first.signed_by} ký lúc ${first.signed_at}); mỗi tuần chỉ ký một lần`,
            en: `Province ${province} has already signed off week ${week} (report ${first.snapshot_id}, signed by ${first.signed_by_username ?? first.signed_by} at ${first.signed_at}); a week is signed off once`,
          },
          { extra: { signOff: SignOffDto.from(first) } },
        );
      }
      const signed = SignOffDto.from((await this.signOffs.find(id))!);
      await this.events.append(ctx, {
        entityType: 'report-signoff',
        entityId: id,
        action: 'signed-off',
        after: { snapshotId, provinceCode: province, week, asOf: signed.asOf, note: signed.note },
      });
      return signed;
    });
  }

  /** Every new-era province in the caller's scope (a provincial user: theirs) with its sign-off of the week, or none. */
  async week(ctx: RequestContext, q: SignOffsQueryDto, today = todayInVietnam()): Promise<WeekSignOffsDto> {
    const week = q.week ?? isoWeekOf(today);
    const bounds = weekBounds(week)!;
    const provinces = (await this.signOffs.weekInScope(scopeOf(ctx.user), week)).map(ProvinceSignOffDto.from);
    return { week, from: bounds.monday, to: bounds.sunday, total: provinces.length, signedOff: provinces.filter((p) => p.signedOff).length, provinces };
  }
}
