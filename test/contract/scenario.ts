// A small client written against the types openapi-typescript generates from openapi.json
// (compiled by test/unit/generated-client.spec.ts; './api' is generated there).
// No type-check escape is used here: every line must type-check against the document.
import type { components, paths } from './api';

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

// Signing in: the body a client sends, and the token it gets.
type LoginBody = NonNullable<Json<'/api/v1/auth/login', 'post'>['requestBody']>['content']['application/json'];
type LoginOk = Json<'/api/v1/auth/login', 'post'>['responses']['200']['content']['application/json'];
export const login: LoginBody = { username: 'officer.08', password: 'a-good-long-password' };
export const bearer = (ok: LoginOk): string => `Bearer ${ok.accessToken}`;

// Creating an asset: the body, the created asset, and the problem a duplicate code gets.
type CreateAsset = NonNullable<Json<'/api/v1/assets', 'post'>['requestBody']>['content']['application/json'];
type Created = Json<'/api/v1/assets', 'post'>['responses']['201']['content']['application/json'];
type Duplicate = Json<'/api/v1/assets', 'post'>['responses']['409']['content']['application/problem+json'];
export const asset: CreateAsset = {
  code: '08.TSC.HG-001',
  name: 'Trụ sở UBND thành phố Hà Giang (cũ)',
  category: 'headquarters',
  currentUnit: { era: 'new', level: 'commune', code: '00691' },
  custodianId: '00000000-0000-4000-8000-000000000000',
};
export const describeCreated = (a: Created): string => `${a.code} v${a.version} (${a.status})`;
export const describeProblem = (p: Duplicate): string =>
  `${p.status} ${p.type}: ${p.detail} [${p.requestId ?? ''}] ${(p.errors ?? []).map((e) => e.field).join(', ')}`;

// Every error of every operation is a Problem.
type Problem = components['schemas']['Problem'];
export const notFound = (p: Json<'/api/v1/assets/{id}', 'get'>['responses']['404']['content']['application/problem+json']): Problem => p;
export const unavailable = (p: Json<'/api/v1/assets', 'get'>['responses']['503']['content']['application/problem+json']): Problem => p;

// A page of assets: items and the cursor to the next page.
type AssetPage = Json<'/api/v1/assets', 'get'>['responses']['200']['content']['application/json'];
export const codes = (page: AssetPage): string[] => page.items.map((a) => a.code);
