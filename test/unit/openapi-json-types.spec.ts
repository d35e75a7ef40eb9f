import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The committed document, which test/e2e/http.e2e-spec.ts checks equals the generated one.
const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as unknown;

/** Money (integer VND), areas (m², a number like the asset's) and a report cell's value (money or a share). */
const MONEY = /(cost|price|amount|paid|remainingValue)$/i;
const AREA = /area$/i;
const ALSO_ONE_TYPE = /^value$/;

/** Every property named like money or an area, anywhere in the document, with the schema type it has there. */
function quantityProperties(node: unknown, at = ''): { name: string; at: string; type: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => quantityProperties(v, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const here = Object.entries((o.properties ?? {}) as Record<string, { type?: string; $ref?: string; allOf?: unknown[] }>)
    .filter(([name]) => MONEY.test(name) || AREA.test(name) || ALSO_ONE_TYPE.test(name))
    .map(([name, s]) => ({ name, at: `${at}/properties/${name}`, type: s.type ?? (s.$ref || s.allOf ? 'reference' : 'untyped') }));
  return [...here, ...Object.entries(o).flatMap(([k, v]) => quantityProperties(v, `${at}/${k}`))];
}

describe('one JSON type per money and area field in openapi.json', () => {
  const found = quantityProperties(doc);

  it('finds the fields of the assets, actions, plan updates and reports', () => {
    expect([...new Set(found.map((f) => f.name))].sort()).toEqual(
      expect.arrayContaining([
        'actualCost',
        'amount',
        'area',
        'floorArea',
        'landArea',
        'originalCost',
        'plannedCost',
        'proceedsPaid',
        'remainingValue',
        'salePrice',
        'valuationAmount',
        'value',
      ]),
    );
  });

  it('money is an integer everywhere', () => {
    expect(found.filter((f) => MONEY.test(f.name) && f.type !== 'integer')).toEqual([]);
  });

  it('an area is a number everywhere, as on the asset', () => {
    expect(found.filter((f) => AREA.test(f.name) && f.type !== 'number')).toEqual([]);
  });

  it('each such field has the same type wherever it appears', () => {
    const types = new Map<string, Set<string>>();
    for (const f of found) types.set(f.name, (types.get(f.name) ?? new Set()).add(f.type));
    expect([...types].filter(([, t]) => t.size > 1).map(([name, t]) => `${name}: ${[...t].join(', ')}`)).toEqual([]);
  });
});
