import type { UnitFiles } from '../units/units-import';

/**
 * The built-in unit set used by `demo:seed` (and by the tests) when the national dataset is not
 * beside the repository: a handful of real units around the merger of Hà Giang (02) and Tuyên
 * Quang (08) into Tuyên Quang (08), plus Hà Nội (01).
 */
export const SMALL_UNITS = {
  units: `era,level,code,name,kind,parent_code
old,province,01,Thành phố Hà Nội,city,
old,district,001,Quận Ba Đình,urban_district,01
old,commune,00001,Phường Phúc Xá,ward,001
old,commune,00004,Phường Trúc Bạch,ward,001
old,province,02,Tỉnh Hà Giang,province,
old,district,024,Thành phố Hà Giang,city,02
old,commune,00688,Phường Quang Trung,ward,024
old,commune,00691,Phường Trần Phú,ward,024
old,commune,00692,Phường Ngọc Hà,ward,024
old,commune,00694,Phường Nguyễn Trãi,ward,024
old,commune,00700,Xã Ngọc Đường,commune,024
old,province,08,Tỉnh Tuyên Quang,province,
old,district,070,Thành phố Tuyên Quang,city,08
old,commune,02212,Phường Phan Thiết,ward,070
new,province,01,Thành phố Hà Nội,city,
new,commune,00004,Phường Ba Đình,ward,01
new,province,08,Tỉnh Tuyên Quang,province,
new,commune,00691,Phường Hà Giang 2,ward,08
new,commune,00694,Phường Hà Giang 1,ward,08
new,commune,00700,Xã Ngọc Đường,commune,08
new,commune,02212,Phường Minh Xuân,ward,08
`,
  lineage: `level,old_code,new_code,share,legal_basis,clause
province,01,01,full,60-NQ/TW,
province,02,08,full,60-NQ/TW,
province,08,08,full,60-NQ/TW,
commune,00001,00004,full,1656/NQ-UBTVQH15,3
commune,00004,00004,full,1656/NQ-UBTVQH15,3
commune,00688,00694,partial,1684/NQ-UBTVQH15,110
commune,00688,00691,partial,1684/NQ-UBTVQH15,111
commune,00691,00691,full,1684/NQ-UBTVQH15,111
commune,00692,00691,full,1684/NQ-UBTVQH15,111
commune,00694,00694,full,1684/NQ-UBTVQH15,110
commune,00700,00700,full,1684/NQ-UBTVQH15,70
commune,02212,02212,full,1684/NQ-UBTVQH15,
`,
  clauses: `document,clause,text
1656/NQ-UBTVQH15,3,"Phúc Xá and Trúc Bạch become the new ward Ba Đình."
1684/NQ-UBTVQH15,70,"Ngọc Đường stays a commune of the new province."
1684/NQ-UBTVQH15,110,"Nguyễn Trãi and part of Quang Trung form Hà Giang 1."
1684/NQ-UBTVQH15,111,"Trần Phú, Ngọc Hà and part of Quang Trung form Hà Giang 2."
`,
};

export const builtInUnitFiles = (): UnitFiles => ({
  'units.csv': Buffer.from(SMALL_UNITS.units),
  'lineage.csv': Buffer.from(SMALL_UNITS.lineage),
  'clauses.csv': Buffer.from(SMALL_UNITS.clauses),
});
