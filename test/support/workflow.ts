import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';

/** Inserts a directive with one clause (reference data) and returns the clause id. */
export async function createClause(
  t: TestApp,
  over: {
    types?: string[];
    methods?: string[];
    deadline?: string | null;
    validFrom?: string | null;
    validTo?: string | null;
    province?: string | null;
    number?: string;
  } = {},
): Promise<string> {
  const number = over.number ?? `TEST-${randomBytes(4).toString('hex')}/QĐ`;
  const [d] = await t.sql<{ id: string }>(
    `INSERT INTO directive (number, kind, issuer, issued_on, title, province_code, valid_from, valid_to) VALUES ($1, 'decision', 'Test issuer', '2025-07-01', 'Test directive', $2, $3, $4) RETURNING id`,
    [number, over.province ?? null, over.validFrom === undefined ? '2025-07-01' : over.validFrom, over.validTo ?? null],
  );
  const [c] = await t.sql<{ id: string }>(
    `INSERT INTO directive_clause (directive_id, ref, summary, deadline, authorised_action_types, authorised_methods) VALUES ($1, '1', 'Test clause', $2, $3, $4) RETURNING id`,
    [
      d.id,
      over.deadline === undefined ? '2030-12-31' : over.deadline,
      over.types ?? ['retention', 'reallocation', 'disposal', 'renovation', 'repurposing'],
      over.methods ?? [],
    ],
  );
  return c.id;
}

/** Attaches a document record of the given kind to an action (the file itself is not needed by the guards). */
export async function attachDocument(t: TestApp, actionId: string, kind: string): Promise<void> {
  await t.sql(
    `INSERT INTO document (kind, province_code, action_id, file_name, media_type, size_bytes, sha256)
     SELECT $2::varchar, province_code, id, $2::text || '.pdf', 'application/pdf', 1, $3 FROM action WHERE id = $1`,
    [actionId, kind, randomBytes(32).toString('hex')],
  );
}
