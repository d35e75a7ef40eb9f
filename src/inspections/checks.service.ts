import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../common/config';
import type { RequestContext } from '../common/auth-user';
import { isCalendarDate, todayInVietnam } from '../common/dates';
import { DomainError, FIELD, type FieldError, notFound } from '../common/errors';
import type { Localized } from '../common/localized';
import { inScope, NATIONAL, outsideScope, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { EventsRepository } from '../events/events.repository';
import { UnitsRepository } from '../units/units.repository';
import { ALL_CHECKS, runChecks } from './checks/index';
import { type CheckLimits, fingerprintOf, type Suggestion } from './checks/model';
import { ChecksRepository, type FactsSubject } from './checks.repository';
import { ChecksQueryDto, ChecksResultDto, RunChecksResultDto } from './findings.dto';
import { FindingsRepository } from './findings.repository';
import { assertMayInspect, auditFinding, inspectionClosed, toFindingDto } from './inspection.mapper';
import { type InspectionRow, InspectionsRepository } from './inspections.repository';

@Injectable()
export class ChecksService {
  constructor(
    private readonly facts: ChecksRepository,
    private readonly inspections: InspectionsRepository,
    private readonly findings: FindingsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
    private readonly units: UnitsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get limits(): CheckLimits {
    return { valuationValidityMonths: this.config.valuationValidityMonths, renovationDisposalWindowMonths: this.config.renovationDisposalWindowMonths };
  }

  /**
   * Runs every automatic check on the inspection's subject and stores what they suggest as findings
   * with status `suggested`. A suggestion already stored (same fingerprint: check id + subject ids),
   * whatever became of it since (accepted, dismissed, resolved), is not stored again.
   */
  async runForInspection(ctx: RequestContext, id: string): Promise<RunChecksResultDto> {
    const found = await this.inspections.findInScope(scopeOf(ctx.user), id);
    if (!found) throw notFound('inspection', id);
    assertMayInspect(ctx.user, found.province_code);
    const suggestions = await this.suggest(found);
    return this.tx.run(async () => {
      const inspection = (await this.inspections.lockInScope(NATIONAL, id))!;
      if (inspection.status === 'closed') throw inspectionClosed(id);
      const ids = await this.findings.insertSuggestions(inspection, suggestions, ctx.user.id);
      const rows = await this.findings.findMany(ids);
      const findings = rows.map(toFindingDto);
      for (const f of findings) await this.events.append(ctx, { entityType: 'finding', entityId: f.id, action: 'suggested', after: auditFinding(f) });
      return { created: findings.length, alreadyPresent: suggestions.length - findings.length, findings };
    });
  }

  /** The checks on a province (optionally over a period), listed without storing anything. */
  async dryRun(ctx: RequestContext, q: ChecksQueryDto): Promise<ChecksResultDto> {
    const province = q.province ?? ctx.user.provinceCode;
    if (!province)
      throw badParameter(
        { vi: 'Hãy nêu tỉnh cần kiểm tra', en: 'Name the province to check' },
        { field: 'province', message: { vi: 'bắt buộc với người dùng cấp trung ương', en: 'required for a national user' } },
      );
    if ((q.from === undefined) !== (q.to === undefined)) {
      throw badParameter(
        { vi: 'Hãy nêu cả from và to, hoặc không nêu cả hai', en: 'Give both from and to, or neither' },
        { field: q.from === undefined ? 'from' : 'to', message: { vi: 'from và to đi cùng nhau', en: 'from and to go together' } },
      );
    }
    for (const k of ['from', 'to'] as const) {
      if (q[k] !== undefined && !isCalendarDate(q[k]))
        throw badParameter({ vi: `${k} không phải ngày hợp lệ theo lịch`, en: `${k} is not a calendar date` }, { field: k, message: FIELD.notCalendarDate });
    }
    if (q.from && q.to && q.to < q.from)
      throw badParameter({ vi: 'to trước from', en: 'to is before from' }, { field: 'to', message: FIELD.notBefore('from') });
    const scope = scopeOf(ctx.user);
    if (!inScope(scope, province)) throw outsideScope('province', province, 'province');
    if (!(await this.units.newProvinceExists(province)))
      throw badParameter(
        { vi: `Không có tỉnh (sau sắp xếp) ${province}`, en: `No new-era province ${province}` },
        { field: 'province', message: FIELD.unknown('province') },
      );
    const today = todayInVietnam();
    const facts = await this.facts.load({ kind: 'province', provinceCode: province, from: q.from ?? null, to: q.to ?? null });
    const suggestions = runChecks({ today, limits: this.limits, ...facts });
    return {
      provinceCode: province,
      periodStart: q.from ?? null,
      periodEnd: q.to ?? null,
      today,
      checks: ALL_CHECKS.map((c) => ({ id: c.id, title: c.title })),
      suggestions: suggestions.map((s) => ({
        checkId: s.checkId,
        category: s.category,
        severity: s.severity,
        assetId: s.assetId,
        actionId: s.actionId,
        fingerprint: fingerprintOf(s),
        description: s.description,
        recommendation: s.recommendation,
      })),
    };
  }

  /** An action's inspection looks at its asset's facts and keeps what concerns that action or the asset itself. */
  private async suggest(i: InspectionRow): Promise<Suggestion[]> {
    const subject: FactsSubject =
      i.subject_type === 'province'
        ? { kind: 'province', provinceCode: i.province_code, from: i.period_start, to: i.period_end }
        : { kind: 'asset', assetId: i.asset_id! };
    const all = runChecks({ today: todayInVietnam(), limits: this.limits, ...(await this.facts.load(subject)) });
    return i.subject_type === 'action' ? all.filter((s) => s.actionId === i.action_id || s.subjectIds.includes(i.asset_id!)) : all;
  }
}

/** 400 `invalid-parameter` naming the query parameter. */
const badParameter = (detail: Localized, error: FieldError) => new DomainError('invalid-parameter', detail, { errors: [error] });
