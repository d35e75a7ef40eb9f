import { bearer, type TestApp } from './app';

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`.toUpperCase();

/** Creates an agency through the API and returns its body. */
export async function createAgency(t: TestApp, token: string, over: Record<string, unknown> = {}): Promise<{ id: string; code: string; version: number }> {
  const body = {
    code: `08.UBND.${next()}`,
    name: 'Ủy ban nhân dân phường Hà Giang 2',
    kind: 'peoples_committee',
    unit: { era: 'new', level: 'commune', code: '00691' },
    ...over,
  };
  const res = await t.http.post('/api/v1/agencies').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`createAgency: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function assetBody(custodianId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: `08.TSC.${next()}`,
    name: 'Trụ sở UBND thành phố Hà Giang (cũ)',
    category: 'headquarters',
    currentUnit: { era: 'new', level: 'commune', code: '00691' },
    originUnit: { era: 'old', level: 'district', code: '024' },
    custodianId,
    address: 'Số 1 đường Nguyễn Trãi, phường Hà Giang 2',
    latitude: 22.8233,
    longitude: 104.9836,
    landArea: 5230.5,
    floorArea: 2100.25,
    yearBuilt: 2004,
    originalCost: 35_000_000_000,
    remainingValue: 12_500_000_000,
    landCertificateNo: 'BĐ 123456',
    landUseCategory: 'TSC',
    condition: 'fair',
    ...over,
  };
}

/** Creates an asset through the API and returns its body. */
export async function createAsset(
  t: TestApp,
  token: string,
  custodianId: string,
  over: Record<string, unknown> = {},
): Promise<{ id: string; code: string; version: number; status: string }> {
  const res = await t.http.post('/api/v1/assets').set(bearer(token)).send(assetBody(custodianId, over));
  if (res.status !== 201) throw new Error(`createAsset: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
