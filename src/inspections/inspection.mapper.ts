import type { AuthUser } from '../common/auth-user';
import { DomainError, violationError } from '../common/errors';
import { FindingDto } from './findings.dto';
import type { FindingRow } from './findings.repository';
import { InspectionDto } from './inspections.dto';
import type { InspectionRow } from './inspections.repository';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Inspections are written by admins and inspectors: a national inspector anywhere, a provincial one
 * in their province. Officers and viewers read them (within their province) but never write.
 */
export function assertMayInspect(user: AuthUser, provinceCode: string): void {
  if (user.role === 'admin') return;
  if (user.role === 'inspector' && (user.provinceCode === null || user.provinceCode === provinceCode)) return;
  throw new DomainError('outside-scope', {
    vi: `Bạn không được kiểm tra tại tỉnh ${provinceCode} (phạm vi của bạn: ${user.provinceCode ?? 'toàn quốc'}, vai trò ${user.role})`,
    en: `You may not inspect in province ${provinceCode} (your scope is ${user.provinceCode ?? 'national'}, role ${user.role})`,
  });
}

export const toError = violationError;

export const inspectionClosed = (id: string) =>
  new DomainError('inspection-closed', {
    vi: `Cuộc kiểm tra ${id} đã kết thúc và không thể thay đổi nữa (hãy mở một cuộc kiểm tra mới)`,
    en: `Inspection ${id} is closed: a closed inspection is final (start a new one)`,
  });

export function toInspectionDto(r: InspectionRow): InspectionDto {
  return {
    id: r.id,
    provinceCode: r.province_code,
    subject: {
      type: r.subject_type,
      assetId: r.asset_id,
      assetCode: r.asset_code,
      assetName: r.asset_name,
      actionId: r.action_id,
      periodStart: r.period_start,
      periodEnd: r.period_end,
    },
    title: r.title,
    status: r.status,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    team: r.team.map((m) => ({ name: m.name, role: m.role ?? null })),
    conclusion: r.conclusion,
    closeOverrideReason: r.close_override_reason,
    findings: {
      suggested: Number(r.counts.suggested),
      open: Number(r.counts.open),
      resolved: Number(r.counts.resolved),
      dismissed: Number(r.counts.dismissed),
      unresolvedCritical: Number(r.counts.unresolvedCritical),
    },
    createdBy: r.created_by,
    closedBy: r.closed_by,
    closedAt: iso(r.closed_at),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toFindingDto(r: FindingRow): FindingDto {
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    provinceCode: r.province_code,
    category: r.category,
    severity: r.severity,
    status: r.status,
    description: r.description,
    recommendation: r.recommendation,
    assetId: r.asset_id,
    actionId: r.action_id,
    checkId: r.check_id,
    fingerprint: r.fingerprint,
    evidenceDocumentIds: r.evidence,
    decision: r.decided_at ? { by: r.decided_by, at: iso(r.decided_at), dismissalReason: r.dismissal_reason } : null,
    resolution:
      r.status === 'resolved'
        ? {
            resolvedBy: r.resolved_by!,
            resolvedOn: r.resolved_on!,
            resolution: r.resolution!,
            recordedBy: r.resolution_recorded_by,
            recordedAt: iso(r.resolution_recorded_at),
          }
        : null,
    createdBy: r.created_by,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** What the event log records of an inspection and of a finding. */
export const auditInspection = (d: InspectionDto): Record<string, unknown> => ({
  provinceCode: d.provinceCode,
  subject: d.subject,
  title: d.title,
  status: d.status,
  plannedStart: d.plannedStart,
  plannedEnd: d.plannedEnd,
  actualStart: d.actualStart,
  actualEnd: d.actualEnd,
  team: d.team,
  conclusion: d.conclusion,
  closeOverrideReason: d.closeOverrideReason,
});
export const auditFinding = (d: FindingDto): Record<string, unknown> => ({
  inspectionId: d.inspectionId,
  category: d.category,
  severity: d.severity,
  status: d.status,
  description: d.description,
  recommendation: d.recommendation,
  assetId: d.assetId,
  actionId: d.actionId,
  checkId: d.checkId,
  fingerprint: d.fingerprint,
  evidenceDocumentIds: d.evidenceDocumentIds,
  dismissalReason: d.decision?.dismissalReason ?? null,
  resolution: d.resolution ? { resolvedBy: d.resolution.resolvedBy, resolvedOn: d.resolution.resolvedOn, resolution: d.resolution.resolution } : null,
});
