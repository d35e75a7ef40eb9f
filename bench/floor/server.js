#!/usr/bin/env node
/**
 * The framework-free floor: a bare node:http + pg server answering the two read scenarios with the
 * statements the API itself sent (captured by bench/floor/capture.js, stored by bench/run.js in
 * --statements FILE), so the difference to the API is the framework, validation, auth, mapping and
 * serialisation, not the SQL. No authentication, no validation, rows serialised as they come.
 *
 *   GET /assets/<id>     the 'assetById' statements, the sample id replaced by <id>; 404 if no row
 *   GET /replay/<name>   the named statements as captured (a list page)
 *
 * Options: --database-url URL (required), --statements FILE (required), --port N (0 = any; the
 * chosen port is printed as "listening <port>"), --pool N (default 20, the API's pool size).
 */
const http = require('node:http');
const { readFileSync } = require('node:fs');
const { Pool } = require('pg');
const { parseArgs } = require('../lib/common');
const { runStatements, substitute } = require('./replay');

const args = parseArgs(process.argv.slice(2), { 'database-url': 'value', statements: 'value', port: 'value', pool: 'value' });
if (!args['database-url'] || !args.statements) throw new Error('--database-url and --statements are required');
const captured = JSON.parse(readFileSync(args.statements, 'utf8'));
const pool = new Pool({ connectionString: args['database-url'], max: Number(args.pool ?? 20), application_name: 'vpa-bench-floor' });

async function answer(statements) {
  const client = await pool.connect();
  try {
    return await runStatements(client, statements);
  } finally {
    client.release();
  }
}

const send = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  let work;
  if (path.startsWith('/assets/') && captured.assetById) {
    const id = decodeURIComponent(path.slice('/assets/'.length));
    work = answer(substitute(captured.assetById.statements, captured.assetById.sample, id)).then((rows) =>
      rows.length ? send(res, 200, rows[0]) : send(res, 404, { status: 404 }),
    );
  } else if (path.startsWith('/replay/') && captured[path.slice('/replay/'.length)]) {
    work = answer(captured[path.slice('/replay/'.length)].statements).then((rows) => send(res, 200, { items: rows }));
  } else {
    send(res, 404, { status: 404 });
    return;
  }
  work.catch((err) => send(res, 500, { status: 500, detail: err.message }));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(args.port ?? 0), '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    server.close(() => pool.end().finally(() => process.exit(0)));
    server.closeAllConnections();
  });
