import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The response headers the document declares per answer, checked against what the API sends. */
export const CONTRACT_HEADERS = ['ETag', 'Idempotency-Replayed', 'Retry-After'];

/**
 * The contract test's evidence: every status each operation answered during the e2e run, with the
 * CONTRACT_HEADERS it sent, recorded per test process under TEST_CONTRACT_DIR (one directory per
 * run, made by the global setup), and checked against the committed openapi.json by the global
 * teardown: a status or header an operation really answers with but does not declare fails the run.
 */
export function recordStatuses(fastify: FastifyInstance): void {
  const dir = process.env.TEST_CONTRACT_DIR;
  if (!dir) return;
  const file = join(dir, `${process.pid}.tsv`);
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions?.url;
    const headers = CONTRACT_HEADERS.filter((h) => reply.hasHeader(h));
    if (route) appendFileSync(file, `${req.method}\t${route}\t${reply.statusCode}\t${headers.join(',')}\n`);
    done();
  });
}

/** Fastify's `/a/:id` as OpenAPI writes it, `/a/{id}`. */
export const openApiPath = (route: string): string => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The statuses observed for an operation that its document does not declare, as "METHOD path
 * status", and the CONTRACT_HEADERS observed on an answer that does not declare them, as "METHOD
 * path status header".
 */
export function undeclaredStatuses(
  dir: string,
  openapi: { paths: Record<string, Record<string, { responses?: Record<string, { headers?: Record<string, unknown> }> }>> },
): string[] {
  if (!existsSync(dir)) return [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (line) seen.add(line);
    }
  }
  const missing: string[] = [];
  for (const line of [...seen].sort()) {
    const [method, route, status, headers = ''] = line.split('\t');
    const path = openApiPath(route);
    const op = openapi.paths[path]?.[method.toLowerCase()];
    // Routes outside the document (the docs page itself) and HEAD/OPTIONS are not part of the contract.
    if (!op) continue;
    const response = op.responses?.[status];
    if (!response) {
      missing.push(`${method} ${path} ${status}`);
      continue;
    }
    for (const h of headers.split(',').filter(Boolean)) {
      if (!(h in (response.headers ?? {}))) missing.push(`${method} ${path} ${status} ${h}`);
    }
  }
  return missing;
}
