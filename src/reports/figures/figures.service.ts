import { Injectable } from '@nestjs/common';
import type { AuthUser, RequestContext } from '../../common/auth-user';
import { parseInstant } from '../../common/dates';
import { DomainError, type FieldError } from '../../common/errors';
import type { Lang } from '../../common/language';
import { byLang, inLang, type Localized } from '../../common/localized';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../../common/pagination';
import { inScope, NATIONAL, outsideScope, scopeOf } from '../../common/scope';
import { UnitsRepository } from '../../units/units.repository';
import { MEDIA_TYPES, renderReport, reportFileName } from '../render/render';
import { canonicalParams, type ReportParamProblem, reportParamsOf } from '../report-params';
import type { ReportCell, ReportFormat, ReportItem, ReportParams, ReportRow, StatusReport } from '../report.model';
import {
  drillableKind,
  groupLabel,
  isObstacleKey,
  NEW_USE_NOT_RECORDED,
  newUseKey,
  orderDeadlines,
  remainingRanks,
  reportColumns,
  sharePercent,
} from './cells';
import { type CellAggregate, FiguresRepository, type ItemRow } from './figures.repository';

export interface ReportQuery {
  scope: ReportParams['scope'];
  province?: string;
  as_of?: string;
  known_at?: string;
  period?: ReportParams['period'];
  lang?: ReportParams['lang'];
}

/** GET /reports/status: the report's parameters and how a PDF prints it. */
export interface StatusReportQuery extends ReportQuery {
  /** PDF: print the province rows whose figures are all zero too. */
  zeros?: boolean;
}

export interface ItemsPage extends Page<ReportItem> {
  params: ReportParams;
  key: string;
  /** The row drilled into: a province, or null for the national total. */
  province: string | null;
}

export interface RenderedReport {
  body: Buffer;
  type: string;
  filename: string;
}

/** 400 naming the query parameters and what is wrong with each. */
const invalidQuery = (errors: FieldError[]) => {
  const listed = (lang: Lang) => errors.map((e) => `${e.field} (${inLang(e.message, lang)})`).join(', ');
  return new DomainError(
    'invalid-parameter',
    byLang((lang) => (lang === 'vi' ? `Tham số truy vấn không hợp lệ: ${listed(lang)}` : `Invalid query parameter(s): ${listed(lang)}`)),
    { errors },
  );
};
const invalid = (field: string, message: Localized) => invalidQuery([{ field, message }]);
/** The query parameter each report parameter comes from. */
const QUERY_NAMES: Record<ReportParamProblem['field'], string> = { province: 'province', asOf: 'as_of', knownAt: 'known_at' };
const TOTAL_NAME = { vi: 'Toàn quốc', en: 'National total' };

/**
 * The status report's figures: as of a date from the recorded history, as known at a
 * time, for a province or nationally (a row per province and a total row), and the facilities
 * behind each cell. Provincial users get their province only: asking for another province, or for
 * the national report, is 403 `outside-scope` (the parameter is explicit, so it is refused, not hidden).
 */
@Injectable()
export class FiguresService {
  constructor(
    private readonly repo: FiguresRepository,
    private readonly units: UnitsRepository,
  ) {}

  /** Query parameters → ReportParams (reportParamsOf: the rules and defaults); 400 naming the query parameters. */
  resolveParams(q: ReportQuery, now: Date = new Date()): { params: ReportParams; knownAtGiven: boolean } {
    const knownAt = q.known_at === undefined ? undefined : (parseInstant(q.known_at) ?? new Date(NaN));
    const r = reportParamsOf({ scope: q.scope, province: q.province || null, asOf: q.as_of, knownAt, period: q.period, lang: q.lang }, now);
    if (r.params === null) {
      throw invalidQuery(r.problems.map((p) => ({ field: QUERY_NAMES[p.field], message: p.message })));
    }
    return { params: r.params, knownAtGiven: q.known_at !== undefined };
  }

  /** GET /reports/status: the report as JSON, or rendered (renderReport) with the overdue lists. */
  async statusReport(ctx: RequestContext, q: StatusReportQuery, format: ReportFormat): Promise<StatusReport | RenderedReport> {
    const { params, knownAtGiven } = this.resolveParams(q);
    const report = await this.generate(ctx, params, knownAtGiven ? new Date().toISOString() : params.knownAt);
    if (format === 'json') return report;
    // Only the workbook lists the facilities behind each overdue figure.
    const overdueItems = format === 'xlsx' ? await this.overdueItems(params, report) : {};
    return { body: await renderReport(report, format, { overdueItems, zeros: q.zeros }), type: MEDIA_TYPES[format], filename: reportFileName(params, format) };
  }

  /** The report parameters of a drill-down: on a national report `province` names the row, not the scope. */
  resolveItemParams(q: ReportQuery): ReportParams {
    return this.resolveParams(q.scope === 'national' ? { ...q, province: undefined } : q).params;
  }

  /** The report, scope-checked. `generatedAt` defaults to `knownAt` (then the same parameters give the same report). */
  async generate(ctx: RequestContext, params: ReportParams, generatedAt?: string): Promise<StatusReport> {
    await this.assertMayRead(ctx.user, params, params.province);
    const raw = await this.repo.figures(params.asOf, params.knownAt, params.province);
    const national = params.scope === 'national';
    const deadlines = orderDeadlines(raw.deadlines, raw.planDeadlines);
    const notRecorded = raw.cells.some((c) => c.key === newUseKey(NEW_USE_NOT_RECORDED));
    const columns = reportColumns(params.lang, raw.purposes, deadlines, { rank: national, newUseNotRecorded: notRecorded });
    const byRow = new Map<string, Map<string, CellAggregate>>();
    for (const c of raw.cells) {
      const row = c.total ? '*' : c.province!;
      if (!byRow.has(row)) byRow.set(row, new Map());
      byRow.get(row)!.set(c.key, c);
    }
    const ranks = national
      ? remainingRanks(raw.provinces.map((p) => ({ provinceCode: p.code, remaining: byRow.get(p.code)?.get('remaining')?.n ?? 0 })))
      : new Map<string, number>();
    const cellsOf = (row: string): ReportCell[] => {
      const got = byRow.get(row) ?? new Map<string, CellAggregate>();
      const n = (key: string) => got.get(key)?.n ?? 0;
      return columns.map(({ key, kind }): ReportCell => {
        const a = got.get(key);
        if (kind === 'share')
          return { key, kind, facilities: 0, landArea: null, floorArea: null, value: sharePercent(n('handled'), n('surplus')), drillable: false };
        if (kind === 'rank')
          return { key, kind, facilities: 0, landArea: null, floorArea: null, value: ranks.has(row) ? String(ranks.get(row)) : null, drillable: false };
        if (kind === 'amount') return { key, kind, facilities: a?.n ?? 0, landArea: null, floorArea: null, value: a?.amount ?? '0', drillable: true };
        if (kind === 'count') return { key, kind, facilities: a?.n ?? 0, landArea: null, floorArea: null, value: null, drillable: !isObstacleKey(key) };
        return { key, kind, facilities: a?.n ?? 0, landArea: a?.land ?? '0.00', floorArea: a?.floor ?? '0.00', value: null, drillable: true };
      });
    };
    const rows: ReportRow[] = raw.provinces.map((p) => ({ provinceCode: p.code, provinceName: p.name, cells: cellsOf(p.code) }));
    if (params.scope === 'national') rows.push({ provinceCode: null, provinceName: TOTAL_NAME[params.lang], cells: cellsOf('*') });
    return {
      params: canonicalParams(params),
      generatedAt: generatedAt ?? params.knownAt,
      columns: columns.map((c) => ({ key: c.key, kind: c.kind, label: c.label, group: groupLabel(c.group, params.lang) })),
      deadlines,
      rows,
    };
  }

  /**
   * The facilities behind a cell, a page at a time in code order (limit ≤ 200). `province` picks
   * the row: required (and equal to the report's) for a provincial report; a province or null (the
   * total) for a national one.
   */
  async items(ctx: RequestContext, params: ReportParams, key: string, province: string | null, page: { cursor?: string; limit?: number }): Promise<ItemsPage> {
    const row = params.scope === 'province' ? (province ?? params.province) : province;
    if (params.scope === 'province' && row !== params.province)
      throw invalid('province', { vi: 'báo cáo cấp tỉnh chỉ có dòng của chính tỉnh đó', en: 'a provincial report has only its own row' });
    await this.assertMayRead(ctx.user, params, row);
    await this.assertKey(key);
    const limit = page.limit ?? DEFAULT_LIMIT;
    const after = (decodeCursor(page.cursor, ['string'])?.[0] as string | undefined) ?? null;
    const rows = await this.repo.items(params.asOf, params.knownAt, params.province, key, row, after, limit + 1);
    return { params, key, province: row, ...toPage(rows, limit, (r) => [r.code], toItem) };
  }

  /** The facilities behind each overdue figure of a report (no scope check), in one run of the report's SQL. */
  async overdueItems(params: ReportParams, report: StatusReport): Promise<Record<string, ReportItem[]>> {
    const byKey: Record<string, ReportItem[]> = Object.fromEntries(report.deadlines.map((d) => [d.key, []]));
    if (report.deadlines.length === 0) return byKey;
    const rows = await this.repo.itemsOfKeys(params.asOf, params.knownAt, params.province, Object.keys(byKey), params.province);
    for (const r of rows) byKey[r.key].push(toItem(r));
    return byKey;
  }

  /**
   * The facilities behind several cells of a report at once, each with its key and province (no
   * scope check: for diffs), in one run of the report's SQL.
   */
  itemsOfKeys(params: ReportParams, keys: string[]): Promise<(ReportItem & { key: string })[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.repo.itemsOfKeys(params.asOf, params.knownAt, params.province, keys, null);
  }

  private async assertKey(key: string): Promise<void> {
    if (drillableKind(key, await this.repo.purposeCodes()) === null)
      throw invalid('key', { vi: `không phải khoá ô xem chi tiết được: ${key}`, en: `not a drillable cell key: ${key}` });
  }

  /** National users read anything; a provincial user only their province's report and rows. */
  private async assertMayRead(user: AuthUser, params: ReportParams, row: string | null): Promise<void> {
    const scope = scopeOf(user);
    if (scope !== NATIONAL && params.scope === 'national') {
      throw new DomainError('outside-scope', {
        vi: `Phạm vi của bạn là tỉnh ${scope}: bạn không xem được báo cáo toàn quốc`,
        en: `Your scope is province ${scope}: national reports are not available to you`,
      });
    }
    for (const [field, code] of [
      ['province', params.province],
      ['row', row],
    ] as const) {
      if (code !== null && !inScope(scope, code)) throw outsideScope('province', code, field);
    }
    for (const code of new Set([params.province, row].filter((c): c is string => c !== null))) {
      if (!(await this.units.newProvinceExists(code)))
        throw invalid('province', { vi: `không có tỉnh (sau sắp xếp) ${code}`, en: `no new-era province ${code}` });
    }
  }
}

function toItem(r: ItemRow): ReportItem {
  return {
    assetId: r.assetId,
    code: r.code,
    name: r.name,
    provinceCode: r.provinceCode,
    communeName: r.communeName,
    custodianName: r.custodianName,
    surplusSince: r.surplusSince,
    landArea: r.landArea,
    floorArea: r.floorArea,
    actionId: r.actionId,
    actionType: r.actionType,
    actionMethod: r.actionMethod,
    actionState: r.actionState,
    deadline: r.deadline,
    amount: r.amount,
  };
}
