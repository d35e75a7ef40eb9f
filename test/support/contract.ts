import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The contract test's evidence: every status each operation answered during the e2e run, recorded
 * per test process under TEST_CONTRACT_DIR (one directory per run, made by the global setup), and
 * checked against the committed openapi.json by the global teardown: a status an operation really
 * answers with but does not declare fails the run.
 */
export function recordStatuses(fastify: FastifyInstance): void {
  const dir = process.env.TEST_CONTRACT_DIR;
  if (!dir) return;
  const file = join(dir, `${process.pid}.tsv`);
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions?.url;
    if (route) appendFileSync(file, `${req.method}\t${route}\t${reply.statusCode}\n`);
    done();
  });
}

/** Fastify's `/a/:id` as OpenAPI writes it, `/a/{id}`. */
export const openApiPath = (route: string): string => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The statuses observed for an operation that its document does not declare, as "METHOD path status". */
export function undeclaredStatuses(dir: string, openapi: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }): string[] {
  if (!existsSync(dir)) return [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (line) seen.add(line);
    }
  }
  const missing: string[] = [];
  for (const line of [...seen].sort()) {
    const [method, route, status] = line.split('\t');
    const path = openApiPath(route);
    const op = openapi.paths[path]?.[method.toLowerCase()];
    // Routes outside the document (the docs page itself) and HEAD/OPTIONS are not part of the contract.
    if (!op) continue;
    if (!op.responses || !(status in op.responses)) missing.push(`${method} ${path} ${status}`);
  }
  return missing;
}
