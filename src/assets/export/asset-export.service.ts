import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RequestContext } from '../../common/auth-user';
import { assertQueryProvince, scopeOf } from '../../common/scope';
import { type AssetFilter, type AssetRow, AssetsRepository } from '../assets.repository';
import type { Lang } from '../../common/language';
import { EXPORT_COLUMNS, headerOf } from './asset-export-columns';
import { guardFormula } from './formula-guard';

const NUMBER_FORMATS: Record<string, string | undefined> = { vnd: '#,##0', area: '#,##0.00', coordinate: '0.000000', integer: '0' };

/**
 * Streams assets out as CSV, XLSX or GeoJSON: rows come from the database in keyset batches and
 * leave as they are formatted, so memory stays flat whatever the size of the export.
 */
@Injectable()
export class AssetExportService {
  constructor(private readonly assets: AssetsRepository) {}

  csv(ctx: RequestContext, filter: AssetFilter, lang: Lang): Readable {
    assertQueryProvince(ctx.user, filter.province);
    // Formulas are guarded by formula-guard.ts (not csv-stringify's escape_formulas), the import's exact inverse.
    const csv = stringify({ bom: true, header: true, columns: EXPORT_COLUMNS.map((c) => ({ key: c.key, header: headerOf(c, lang) })) });
    const cell = (v: string | number | null) => (typeof v === 'string' ? guardFormula(v) : (v ?? ''));
    const rows = this.rows(ctx, filter, (r) => Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, cell(c.value(r, lang))])));
    void pipeline(rows, csv).catch((err: unknown) => csv.destroy(err as Error));
    return csv;
  }

  xlsx(ctx: RequestContext, filter: AssetFilter, lang: Lang): Readable {
    assertQueryProvince(ctx.user, filter.province);
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(lang === 'vi' ? 'Tài sản' : 'Assets', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = EXPORT_COLUMNS.map((c) => ({
      key: c.key,
      header: headerOf(c, lang),
      width: Math.max(12, headerOf(c, lang).length + 2),
      style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    void (async () => {
      for await (const batch of this.assets.streamInScope(scopeOf(ctx.user), filter)) {
        // Excel cells take formulas only from formula objects: plain strings are never run.
        for (const r of batch)
          sheet.addRow(EXPORT_COLUMNS.map((c) => (c.kind === 'vnd' && c.value(r, lang) !== null ? Number(c.value(r, lang)) : c.value(r, lang)))).commit();
      }
      sheet.commit();
      await workbook.commit();
    })().catch((err: unknown) => out.destroy(err as Error));
    return out;
  }

  /** An RFC 7946 FeatureCollection of the assets that have coordinates. */
  geojson(ctx: RequestContext, filter: AssetFilter): Readable {
    assertQueryProvince(ctx.user, filter.province);
    const batches = this.assets.streamInScope(scopeOf(ctx.user), filter);
    async function* features(): AsyncGenerator<string> {
      yield '{"type":"FeatureCollection","features":[';
      let first = true;
      for await (const batch of batches) {
        const parts: string[] = [];
        for (const r of batch) {
          if (r.latitude === null || r.longitude === null) continue;
          parts.push((first ? '' : ',') + JSON.stringify(feature(r)));
          first = false;
        }
        if (parts.length) yield parts.join('');
      }
      yield ']}';
    }
    return Readable.from(features());
  }

  private rows<T>(ctx: RequestContext, filter: AssetFilter, map: (r: AssetRow) => T): Readable {
    const batches = this.assets.streamInScope(scopeOf(ctx.user), filter);
    async function* each(): AsyncGenerator<T> {
      for await (const batch of batches) for (const r of batch) yield map(r);
    }
    return Readable.from(each());
  }
}

function feature(r: AssetRow) {
  return {
    type: 'Feature',
    id: r.id,
    // RFC 7946: positions are [longitude, latitude] in WGS 84.
    geometry: { type: 'Point', coordinates: [r.longitude, r.latitude] },
    properties: {
      code: r.code,
      name: r.name,
      category: r.category,
      status: r.status,
      custodian: r.custodian_name,
      custodianCode: r.custodian_code,
      currentUnit: r.cu_name,
      currentUnitCode: r.cu_code,
      originUnit: r.ou_name,
      originUnitCode: r.ou_code,
      provinceCode: r.province_code,
    },
  };
}
