import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The OpenAPI side of a vocabulary: `@ApiProperty({ ...apiEnum('AssetStatus', ASSET_STATUSES) })`
 * declares the values under the vocabulary's name, so the document holds one
 * `components.schemas.AssetStatus` that every property and parameter references, and a generated
 * client has one type per vocabulary. A name given two different lists throws when the DTOs load
 * (the document would silently keep the first); test/unit/openapi-enums.spec.ts checks that the
 * document has no enum outside these named schemas and no two of them with the same values.
 */
const declared = new Map<string, readonly unknown[]>();

/** Where a query parameter's default travels: @nestjs/swagger drops `default` beside `enumName` on a parameter. */
const DEFAULT_EXTENSION = 'x-default';

export function apiEnum<T extends string | boolean>(name: string, values: readonly T[], defaultValue?: T): { enum: T[]; enumName: string; default?: T } {
  const known = declared.get(name);
  if (known && (known.length !== values.length || known.some((v, i) => v !== values[i]))) {
    throw new Error(`The API enum ${name} is declared with two lists: [${known.join(', ')}] and [${values.join(', ')}]`);
  }
  declared.set(name, values);
  return { enum: [...values], enumName: name, ...(defaultValue === undefined ? {} : { default: defaultValue, [DEFAULT_EXTENSION]: defaultValue }) };
}

type Json = Record<string, unknown>;

/**
 * Finishes the references of a generated document (in place), named enums first:
 * - a parameter's default goes back into its schema, beside the reference;
 * - a named enum schema is the vocabulary alone (the generator copies the description of the first
 *   property that uses it; that stays on the property);
 * - an `allOf` of one reference with nothing beside it is that reference (the generator wraps every
 *   enum property so; the wrapper only serves to give a reference a description, default or nullable);
 * - a nullable reference says its type beside `nullable`, as OpenAPI 3.0 needs.
 */
export function withNamedEnums(doc: OpenAPIObject): OpenAPIObject {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Json>;
  const typeOfRef = (ref: unknown): unknown => (typeof ref === 'string' ? (schemas[ref.replace('#/components/schemas/', '')]?.type ?? 'object') : undefined);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const o = node as Json;
    if (DEFAULT_EXTENSION in o) {
      const schema = o.schema as Json | undefined;
      if (o.in !== undefined && schema) o.schema = { allOf: [schema], default: o[DEFAULT_EXTENSION] };
      delete o[DEFAULT_EXTENSION];
    }
    for (const [key, value] of Object.entries(o)) {
      const child = value as Json | null;
      if (child === null || typeof child !== 'object' || Array.isArray(child) || !Array.isArray(child.allOf) || child.allOf.length !== 1) continue;
      const only = child.allOf[0] as Json;
      if (Object.keys(child).length === 1) o[key] = only;
      else if (child.nullable === true && child.type === undefined) child.type = typeOfRef(only.$ref);
    }
    Object.values(o).forEach(visit);
  };
  visit(doc.paths);
  for (const [name, schema] of Object.entries(schemas)) {
    if (declared.has(name)) delete schema.description;
    else visit(schema);
  }
  return doc;
}
