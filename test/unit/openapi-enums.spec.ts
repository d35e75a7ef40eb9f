import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { apiEnum, withNamedEnums } from '../../src/common/api-enum';

// The committed document, which test/e2e/http.e2e-spec.ts checks equals the generated one.
const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as { components: { schemas: Record<string, { enum?: unknown[] }> } };

/** Every place in `node` that holds an `enum`, as a JSON pointer. */
function enumsIn(node: unknown, at = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => enumsIn(v, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  const here = Array.isArray((node as { enum?: unknown }).enum) ? [at] : [];
  return [...here, ...Object.entries(node).flatMap(([k, v]) => enumsIn(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))];
}

describe('named shared enums in openapi.json', () => {
  const named = Object.entries(doc.components.schemas).filter(([, s]) => Array.isArray(s.enum));

  it('has no enum outside the named enum schemas of components.schemas (every property and parameter references one)', () => {
    const inline = enumsIn(doc).filter((p) => !/^\/components\/schemas\/[^/]+$/.test(p));
    expect(inline).toEqual([]);
  });

  it('has one named schema per vocabulary: no two with the same values', () => {
    const byValues = new Map<string, string[]>();
    for (const [name, s] of named) {
      const key = JSON.stringify([...(s.enum ?? [])].map(String).sort());
      byValues.set(key, [...(byValues.get(key) ?? []), name]);
    }
    expect([...byValues.values()].filter((names) => names.length > 1)).toEqual([]);
  });

  it('names the shared vocabularies (statuses, types, roles, languages, …)', () => {
    expect(named.map(([name]) => name)).toEqual(
      expect.arrayContaining(['AssetStatus', 'ActionType', 'ActionStatus', 'Role', 'Lang', 'DocumentKind', 'Era', 'Level', 'ReportFormat']),
    );
  });
});

describe('apiEnum and withNamedEnums', () => {
  it('refuses one name for two lists (the document would keep only the first)', () => {
    apiEnum('TestColour', ['red', 'green']);
    expect(() => apiEnum('TestColour', ['red', 'green'])).not.toThrow();
    expect(() => apiEnum('TestColour', ['red', 'blue'])).toThrow(/TestColour/);
  });

  it('puts a parameter default back beside the reference, and keeps a named schema to its values', () => {
    const options = apiEnum('TestShade', ['light', 'dark'], 'light');
    expect(options).toMatchObject({ enum: ['light', 'dark'], enumName: 'TestShade', default: 'light' });
    const out = withNamedEnums({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: { parameters: [{ name: 'shade', in: 'query', 'x-default': 'light', schema: { $ref: '#/components/schemas/TestShade' } }], responses: {} },
        },
      },
      components: {
        schemas: {
          TestShade: { type: 'string', enum: ['light', 'dark'], description: 'copied from a property' },
          Thing: { type: 'object', properties: { shade: { default: 'light', 'x-default': 'light', allOf: [{ $ref: '#/components/schemas/TestShade' }] } } },
        },
      },
    } as unknown as OpenAPIObject) as unknown as {
      paths: Record<string, { get: { parameters: Record<string, unknown>[] } }>;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    expect(out.paths['/x'].get.parameters[0]).toEqual({
      name: 'shade',
      in: 'query',
      schema: { allOf: [{ $ref: '#/components/schemas/TestShade' }], default: 'light' },
    });
    expect(out.components.schemas.TestShade).toEqual({ type: 'string', enum: ['light', 'dark'] });
    expect(out.components.schemas.Thing).toEqual({
      type: 'object',
      properties: { shade: { default: 'light', allOf: [{ $ref: '#/components/schemas/TestShade' }] } },
    });
  });

  it('makes a bare one-item allOf the reference itself, and gives a nullable reference its type', () => {
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const out = withNamedEnums({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          TestTone: { type: 'string', enum: ['warm', 'cool'] },
          Part: { type: 'object', properties: {} },
          Thing: {
            type: 'object',
            properties: {
              tone: { allOf: [ref('TestTone')] },
              described: { description: 'd', allOf: [ref('TestTone')] },
              maybe: { nullable: true, allOf: [ref('TestTone')] },
              part: { nullable: true, allOf: [ref('Part')] },
            },
          },
        },
      },
    } as unknown as OpenAPIObject) as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(out.components.schemas.Thing.properties).toEqual({
      tone: ref('TestTone'),
      described: { description: 'd', allOf: [ref('TestTone')] },
      maybe: { nullable: true, type: 'string', allOf: [ref('TestTone')] },
      part: { nullable: true, type: 'object', allOf: [ref('Part')] },
    });
  });
});
