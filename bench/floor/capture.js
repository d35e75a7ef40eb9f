/**
 * Preloaded into the API for one capture run (`node --require bench/floor/capture.js dist/src/main.js`
 * with BENCH_SQL_CAPTURE=<file>): every statement the API sends to PostgreSQL while it serves an HTTP
 * request is appended to <file> as a JSON line { method, url, text, params }, tagged with the request
 * that caused it (AsyncLocalStorage around the http server's 'request' event, a wrapper around pg's
 * Client#query). Background work (job pollers) runs outside any request and is not recorded. The
 * floors then replay exactly these statements: the SQL is captured from the API, not retyped.
 */
const { AsyncLocalStorage } = require('node:async_hooks');
const { appendFileSync } = require('node:fs');
const http = require('node:http');
const pg = require('pg');

const file = process.env.BENCH_SQL_CAPTURE;
if (file) {
  const als = new AsyncLocalStorage();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function captureEmit(event, req, ...rest) {
    if (event === 'request') return als.run({ method: req.method, url: req.url }, () => emit.call(this, event, req, ...rest));
    return emit.call(this, event, req, ...rest);
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function captureQuery(config, values, ...rest) {
    const store = als.getStore();
    if (store && config !== null && config !== undefined) {
      const text = typeof config === 'string' ? config : config.text;
      const params = Array.isArray(values) ? values : Array.isArray(config.values) ? config.values : [];
      if (typeof text === 'string') appendFileSync(file, `${JSON.stringify({ method: store.method, url: store.url, text, params })}\n`);
    }
    return query.call(this, config, values, ...rest);
  };
}
