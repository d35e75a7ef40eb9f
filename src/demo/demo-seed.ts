import type { INestApplicationContext } from '@nestjs/common';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AgenciesService } from '../agencies/agencies.service';
import { AssetsService } from '../assets/assets.service';
import { systemContext } from '../common/auth-user';
import type { UnitRow } from '../units/units.repository';
import { UnitsRepository } from '../units/units.repository';
import type { UnitFiles } from '../units/units-import';
import { UnitsService } from '../units/units.service';
import { NATIONAL } from '../common/scope';
import { type DemoFacility, seedDemoActions } from './demo-actions';

export const DEMO_PROVINCE = '08';
const MAX_OLD_COMMUNES = 120;

export interface DemoSeedResult {
  alreadySeeded: boolean;
  unitsSource: 'national dataset' | 'built-in set';
  province: string;
  agencies: number;
  assets: number;
  surplus: number;
  /** Handlings recorded on the surplus facilities, by status (demo-actions.ts). */
  actions: Record<string, number>;
  documents: number;
}

/** A small deterministic pseudo-random sequence, so every seed gives the same demo. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Seeds one merged province (Tuyên Quang, 08 = old Hà Giang 02 + old Tuyên Quang 08) through the
 * real services: agencies of the abolished districts (dissolved, with successors) and of the new
 * communes, and assets at the old district and commune headquarters, the district ones surplus.
 */
export async function seedDemo(app: INestApplicationContext, units: { files: UnitFiles; source: DemoSeedResult['unitsSource'] }): Promise<DemoSeedResult> {
  const ctx = systemContext('demo-seed');
  const unitsService = app.get(UnitsService);
  const unitsRepo = app.get(UnitsRepository);
  const agencies = app.get(AgenciesService);
  const assets = app.get(AssetsService);
  const base = { unitsSource: units.source, province: DEMO_PROVINCE };

  await unitsService.importDataset(ctx, units.files);
  if ((await app.get(AgenciesRepository).findByCodesInScope(NATIONAL, [`DEMO.${DEMO_PROVINCE}.STC`])).length) {
    return { ...base, alreadySeeded: true, agencies: 0, assets: 0, surplus: 0, actions: {}, documents: 0 };
  }
  const all = async (filter: Parameters<UnitsRepository['list']>[0]): Promise<UnitRow[]> => {
    const out: UnitRow[] = [];
    let after: [string, string, string] | undefined;
    for (;;) {
      const rows = await unitsRepo.list(filter, after, 200);
      out.push(...rows.slice(0, 200));
      if (rows.length <= 200) return out;
      after = [rows[199].era, rows[199].level, rows[199].code];
    }
  };
  const predecessors = (await unitsService.predecessors({ era: 'new', level: 'province', code: DEMO_PROVINCE })).predecessors.map((p) => p.from.code);
  const newCommunes = await all({ era: 'new', level: 'commune', province: DEMO_PROVINCE });
  const oldDistricts = (await Promise.all(predecessors.map((p) => all({ era: 'old', level: 'district', province: p })))).flat();
  const oldCommunes = (await Promise.all(predecessors.map((p) => all({ era: 'old', level: 'commune', province: p })))).flat().slice(0, MAX_OLD_COMMUNES);
  const random = prng(20250701);
  let agencyCount = 0;
  let assetCount = 0;
  let surplus = 0;
  // The first two districts' facilities, by suffix: the ones the demo's actions handle.
  const handled: Record<string, DemoFacility> = {};

  const finance = await agencies.create(ctx, {
    code: `DEMO.${DEMO_PROVINCE}.STC`,
    name: 'Sở Tài chính tỉnh Tuyên Quang',
    kind: 'department',
    unit: { era: 'new', level: 'province', code: DEMO_PROVINCE },
  });
  agencyCount++;
  // The People's Committee of each new commune (the first few dozen) receives assets.
  const communeAgency = new Map<string, string>();
  for (const c of newCommunes.slice(0, 40)) {
    const a = await agencies.create(ctx, {
      code: `DEMO.${DEMO_PROVINCE}.UBND.${c.code}`,
      name: `Ủy ban nhân dân ${c.name}`,
      kind: 'peoples_committee',
      unit: { era: 'new', level: 'commune', code: c.code },
    });
    communeAgency.set(c.code, a.id);
    agencyCount++;
  }
  // The resolution (and clause of its Article 1) that arranged the old unit's communes, in force from
  // 1 July 2025: the basis of a surplus declared that day (a later conclusion such as 202-KL/TW of
  // 31 October 2025 cannot be). null where the dataset does not say.
  const heirOf = async (old: UnitRow): Promise<{ unit: UnitRow | undefined; agencyId: string; basis: string | null }> => {
    const successors = (await unitsService.successors({ era: 'old', level: old.level, code: old.code })).successors;
    const match = successors.map((s) => newCommunes.find((c) => c.code === s.unit.code)).find((c) => c && communeAgency.has(c.code));
    const link = successors.flatMap((s) => s.links).find((l) => l.legalBasis);
    const basis = link ? (link.clause && old.level === 'commune' ? `${link.legalBasis}, khoản ${link.clause} Điều 1` : link.legalBasis) : null;
    return { unit: match ?? newCommunes[0], agencyId: match ? communeAgency.get(match.code)! : finance.id, basis };
  };
  const point = () => ({ latitude: Number((21.6 + random() * 1.6).toFixed(6)), longitude: Number((104.6 + random() * 1.0).toFixed(6)) });
  const money = (min: number, max: number) => Math.round((min + random() * (max - min)) / 1_000_000) * 1_000_000;
  const area = (min: number, max: number) => Math.round((min + random() * (max - min)) * 100) / 100;

  // Each abolished district: its People's Committee (dissolved into the new commune that took its seat) and its facilities, surplus.
  for (const d of oldDistricts) {
    const { unit: seat, agencyId, basis } = await heirOf(d);
    const districtAgency = await agencies.create(ctx, {
      code: `DEMO.${d.province_code}.UBND.${d.code}`,
      name: `Ủy ban nhân dân ${d.name}`,
      kind: 'peoples_committee',
      unit: { era: 'old', level: 'district', code: d.code },
    });
    await agencies.dissolve(ctx, districtAgency.id, { dissolvedOn: '2025-07-01', successorId: agencyId });
    agencyCount++;
    const facilities = [
      { suffix: 'TS', name: `Trụ sở HĐND - UBND ${d.name} (cũ)`, category: 'headquarters' as const, landUseCategory: 'TSC' },
      {
        suffix: 'HU',
        name: `Trụ sở Huyện ủy ${d.name.replace(/^(Huyện|Thành phố|Thị xã) /, '')} (cũ)`,
        category: 'headquarters' as const,
        landUseCategory: 'TSC',
      },
      { suffix: 'NCV', name: `Nhà công vụ ${d.name} (cũ)`, category: 'housing' as const, landUseCategory: 'ODT' },
      { suffix: 'TTVH', name: `Trung tâm Văn hóa - Thể thao ${d.name} (cũ)`, category: 'public_service_facility' as const, landUseCategory: 'DVH' },
    ];
    for (const f of facilities) {
      const created = await assets.create(ctx, {
        code: `DEMO.${d.province_code}.${d.code}.${f.suffix}`,
        name: f.name,
        category: f.category,
        currentUnit: { era: 'new', level: 'commune', code: seat!.code },
        originUnit: { era: 'old', level: 'district', code: d.code },
        custodianId: agencyId,
        address: `Trung tâm ${d.name}`,
        ...point(),
        landArea: area(800, 12000),
        floorArea: area(300, 4000),
        yearBuilt: 1995 + Math.floor(random() * 25),
        originalCost: money(2e9, 60e9),
        remainingValue: money(5e8, 2e9),
        landUseCategory: f.landUseCategory,
        condition: random() < 0.5 ? 'fair' : 'good',
      });
      assetCount++;
      await assets.declareSurplus(ctx, created.id, {
        since: '2025-07-01',
        reason: 'Cấp huyện kết thúc hoạt động từ 01/7/2025; trụ sở không còn nhu cầu sử dụng',
        ...(basis ? { basis } : {}),
      });
      surplus++;
      const district = oldDistricts.indexOf(d);
      if (district < 2) handled[`${district}.${f.suffix}`] = { id: created.id, code: created.code, name: f.name };
    }
  }
  // Old communes: their headquarters, about half surplus where communes merged.
  for (const c of oldCommunes) {
    const { unit: seat, agencyId, basis } = await heirOf(c);
    const created = await assets.create(ctx, {
      code: `DEMO.${c.province_code}.${c.code}.TS`,
      name: `Trụ sở Đảng ủy - HĐND - UBND ${c.name} (cũ)`,
      category: 'headquarters',
      currentUnit: { era: 'new', level: 'commune', code: seat!.code },
      originUnit: { era: 'old', level: 'commune', code: c.code },
      custodianId: agencyId,
      address: `Trung tâm ${c.name}`,
      ...point(),
      landArea: area(300, 3000),
      floorArea: area(120, 900),
      yearBuilt: 1990 + Math.floor(random() * 30),
      originalCost: money(3e8, 6e9),
      remainingValue: money(5e7, 3e8),
      landUseCategory: 'TSC',
      condition: (['good', 'fair', 'poor', 'dilapidated'] as const)[Math.floor(random() * 4)],
    });
    assetCount++;
    if (random() < 0.5) {
      await assets.declareSurplus(ctx, created.id, {
        since: '2025-07-01',
        reason: 'Sáp nhập đơn vị hành chính cấp xã; trụ sở dôi dư',
        ...(basis ? { basis } : {}),
      });
      surplus++;
    }
  }
  // Kept as an office, given to a commune and sold (completed); a health station (in progress); a hand-over (approved); a temporary retention (submitted).
  const picks = ['0.TS', '0.HU', '0.NCV', '1.TS', '1.HU', '1.NCV'].map((k) => handled[k]).filter((f): f is DemoFacility => f !== undefined);
  const done = await seedDemoActions(app, DEMO_PROVINCE, picks, [...communeAgency.values()][0] ?? finance.id);
  return { ...base, alreadySeeded: false, agencies: agencyCount, assets: assetCount, surplus, actions: done.byStatus, documents: done.documents };
}
