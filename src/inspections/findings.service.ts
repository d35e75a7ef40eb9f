import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../common/auth-user';
import { isCalendarDate, todayInVietnam } from '../common/dates';
import { DomainError, FIELD, type FieldError, invalidFields, notFound, preconditionFailed } from '../common/errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { NATIONAL, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { changedFields, EventsRepository } from '../events/events.repository';
import { CreateFindingDto, DismissFindingDto, FindingDto, ListFindingsQueryDto, ResolveFindingDto, UpdateFindingDto } from './findings.dto';
import { type FindingRow, FindingsRepository, type FindingStamp } from './findings.repository';
import { assertMayInspect, auditFinding, inspectionClosed, toError, toFindingDto } from './inspection.mapper';
import { findingTransition, type FindingTransition } from './inspection-rules';
import { type InspectionRow, InspectionsRepository } from './inspections.repository';

@Injectable()
export class FindingsService {
  constructor(
    private readonly inspections: InspectionsRepository,
    private readonly findings: FindingsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  async create(ctx: RequestContext, inspectionId: string, dto: CreateFindingDto): Promise<FindingDto> {
    return this.tx.run(async () => {
      const inspection = await this.lockForWrite(ctx, inspectionId);
      await this.checkReferences(inspection, dto.assetId, dto.actionId, dto.evidenceDocumentIds);
      const id = await this.findings.insert({
        inspectionId,
        provinceCode: inspection.province_code,
        category: dto.category,
        severity: dto.severity,
        description: dto.description,
        recommendation: dto.recommendation ?? null,
        assetId: dto.assetId ?? null,
        actionId: dto.actionId ?? null,
        createdBy: ctx.user.id,
      });
      if (dto.evidenceDocumentIds?.length) await this.findings.setEvidence(id, dto.evidenceDocumentIds);
      const out = toFindingDto((await this.findings.find(inspectionId, id))!);
      await this.events.append(ctx, { entityType: 'finding', entityId: id, action: 'created', after: auditFinding(out) });
      return out;
    });
  }

  async list(ctx: RequestContext, inspectionId: string, q: ListFindingsQueryDto): Promise<Page<FindingDto>> {
    await this.mustInspection(ctx, inspectionId);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.findings.list(inspectionId, { status: q.status, severity: q.severity, category: q.category }, after, limit);
    return toPage(rows, limit, (r) => [r.created_at_key, r.id], toFindingDto);
  }

  async get(ctx: RequestContext, inspectionId: string, id: string): Promise<FindingDto> {
    await this.mustInspection(ctx, inspectionId);
    const row = await this.findings.find(inspectionId, id);
    if (!row) throw notFound('finding', id);
    return toFindingDto(row);
  }

  /** Edits the content of a suggested or open finding (If-Match); status changes go through accept, dismiss and resolve. */
  update(ctx: RequestContext, inspectionId: string, id: string, version: number, dto: UpdateFindingDto): Promise<FindingDto> {
    return this.write(ctx, inspectionId, id, version, 'updated', async (inspection, finding) => {
      if (finding.status === 'resolved' || finding.status === 'dismissed') {
        throw new DomainError('finding-final', {
          vi: `Phát hiện đang ở trạng thái ${finding.status}: không thể thay đổi nữa`,
          en: `The finding is ${finding.status}: it can no longer change`,
        });
      }
      await this.checkReferences(inspection, undefined, undefined, dto.evidenceDocumentIds);
      const values = Object.fromEntries(
        Object.entries({ category: dto.category, severity: dto.severity, description: dto.description, recommendation: dto.recommendation }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      return { values, evidence: dto.evidenceDocumentIds };
    });
  }

  /** A suggestion becomes an open finding. */
  accept(ctx: RequestContext, inspectionId: string, id: string, version: number | undefined): Promise<FindingDto> {
    return this.transition(ctx, inspectionId, id, version, 'accept', () => ({ values: { decided_by: ctx.user.id }, stamps: ['decided_at'] }));
  }

  /** A suggestion or an open finding is set aside, with the reason. */
  dismiss(ctx: RequestContext, inspectionId: string, id: string, version: number | undefined, dto: DismissFindingDto): Promise<FindingDto> {
    return this.transition(ctx, inspectionId, id, version, 'dismiss', () => ({
      values: { decided_by: ctx.user.id, dismissal_reason: dto.reason },
      stamps: ['decided_at'],
    }));
  }

  /** An open finding is resolved: who resolved it, when and how. */
  resolve(ctx: RequestContext, inspectionId: string, id: string, version: number | undefined, dto: ResolveFindingDto): Promise<FindingDto> {
    const today = todayInVietnam();
    if (!isCalendarDate(dto.resolvedOn)) throw invalidFields([{ field: 'resolvedOn', message: FIELD.notCalendarDate }]);
    if (dto.resolvedOn > today) throw invalidFields([{ field: 'resolvedOn', message: FIELD.notAfterToday(today) }]);
    return this.transition(ctx, inspectionId, id, version, 'resolve', () => ({
      values: { resolved_by: dto.resolvedBy, resolved_on: dto.resolvedOn, resolution: dto.resolution, resolution_recorded_by: ctx.user.id },
      stamps: ['resolution_recorded_at'],
    }));
  }

  private transition(
    ctx: RequestContext,
    inspectionId: string,
    id: string,
    version: number | undefined,
    t: FindingTransition,
    step: () => { values: Record<string, unknown>; stamps: FindingStamp[] },
  ): Promise<FindingDto> {
    const action = { accept: 'accepted', dismiss: 'dismissed', resolve: 'resolved' }[t];
    return this.write(ctx, inspectionId, id, version, action, async (_inspection, finding) => {
      const to = findingTransition(finding.status, t);
      if (typeof to !== 'string') throw toError(to);
      const { values, stamps } = step();
      return { values: { ...values, status: to }, stamps };
    });
  }

  /** One write on one finding, in one transaction: lock the inspection then the finding, check, update, record the event. */
  private write(
    ctx: RequestContext,
    inspectionId: string,
    id: string,
    version: number | undefined,
    action: string,
    change: (inspection: InspectionRow, finding: FindingRow) => Promise<{ values: Record<string, unknown>; stamps?: FindingStamp[]; evidence?: string[] }>,
  ): Promise<FindingDto> {
    return this.tx.run(async () => {
      const inspection = await this.lockForWrite(ctx, inspectionId);
      const finding = await this.findings.lock(inspectionId, id);
      if (!finding) throw notFound('finding', id);
      if (version !== undefined && finding.version !== version) throw preconditionFailed(finding.version);
      const { values, stamps, evidence } = await change(inspection, finding);
      if (!(await this.findings.update(id, finding.version, values, stamps))) throw preconditionFailed(finding.version);
      if (evidence) await this.findings.setEvidence(id, evidence);
      const after = toFindingDto((await this.findings.find(inspectionId, id))!);
      await this.events.append(ctx, {
        entityType: 'finding',
        entityId: id,
        action,
        ...changedFields(auditFinding(toFindingDto(finding)), auditFinding(after)),
      });
      return after;
    });
  }

  private async mustInspection(ctx: RequestContext, inspectionId: string): Promise<InspectionRow> {
    const row = await this.inspections.findInScope(scopeOf(ctx.user), inspectionId);
    if (!row) throw notFound('inspection', inspectionId);
    return row;
  }

  /** The inspection, locked, in scope (404), writable by the caller (403), not closed (409). */
  private async lockForWrite(ctx: RequestContext, inspectionId: string): Promise<InspectionRow> {
    const inspection = await this.inspections.lockInScope(scopeOf(ctx.user), inspectionId);
    if (!inspection) throw notFound('inspection', inspectionId);
    assertMayInspect(ctx.user, inspection.province_code);
    if (inspection.status === 'closed') throw inspectionClosed(inspectionId);
    return inspection;
  }

  /** The asset, action and evidence a finding names must lie within the inspection's subject (422 naming the field). */
  private async checkReferences(i: InspectionRow, assetId: string | undefined, actionId: string | undefined, evidence: string[] | undefined): Promise<void> {
    const errors: FieldError[] = [];
    if (assetId) {
      const asset = await this.inspections.findAsset(NATIONAL, assetId);
      const ok = asset && (i.asset_id ? asset.id === i.asset_id : asset.province_code === i.province_code);
      if (!ok)
        errors.push({
          field: 'assetId',
          message: { vi: 'không phải tài sản thuộc đối tượng của cuộc kiểm tra', en: "not an asset within the inspection's subject" },
        });
    }
    if (actionId) {
      const action = await this.inspections.findAction(NATIONAL, actionId);
      const ok =
        action &&
        (i.action_id ? action.id === i.action_id : i.asset_id ? action.asset_id === i.asset_id : action.province_code === i.province_code) &&
        (!assetId || action.asset_id === assetId);
      if (!ok) {
        errors.push({
          field: 'actionId',
          message: {
            vi: 'không phải phương án thuộc đối tượng của cuộc kiểm tra (hoặc không thuộc assetId)',
            en: "not an action within the inspection's subject (or not on assetId)",
          },
        });
      }
    }
    if (evidence?.length) {
      const foreign = await this.findings.foreignDocuments(i, evidence);
      if (foreign.length) {
        errors.push({
          field: 'evidenceDocumentIds',
          message: {
            vi: `không phải tài liệu của cuộc kiểm tra này hoặc đối tượng của nó: ${foreign.join(', ')}`,
            en: `not documents of this inspection or its subject: ${foreign.join(', ')}`,
          },
        });
      }
    }
    if (errors.length) throw invalidFields(errors);
  }
}
