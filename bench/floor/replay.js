/**
 * The captured statements (bench/floor/capture.js) and how the floors replay them: grouping the
 * capture file by request, substituting a request's own value (the asset id) into the parameters,
 * and running a request's statements on one connection, as the API ran them.
 */
const { readFileSync } = require('node:fs');

/** The capture file's lines from line `from` on (one JSON object per statement). */
function readCapture(file, from = 0) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { lines: [], count: 0 };
  }
  const all = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return { lines: all.slice(from), count: all.length };
}

const TX_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const WRITES = /\b(INSERT\s+INTO|UPDATE\s+[\w."]+\s+SET|DELETE\s+FROM|FOR\s+UPDATE|FOR\s+NO\s+KEY\s+UPDATE)\b/i;
/** A session setting the API sets around its reads (the report's `SET work_mem`), replayed with them. */
const SETTING = /^\s*(SET|RESET)\s+(?!TRANSACTION\b|SESSION\s+CHARACTERISTICS\b|LOCAL\b)\w+/i;
/** Statements that only read (what the SQL floor replays, with the settings they run under; transaction control and writes are left out). */
const readOnly = (statements) =>
  statements.filter((s) => SETTING.test(s.text) || (!TX_CONTROL.test(s.text) && !WRITES.test(s.text) && /^\s*(SELECT|WITH|\()/i.test(s.text)));

/** `statements` with every parameter equal to `from` replaced by `to` (e.g. the sample id by the requested id). */
const substitute = (statements, from, to) =>
  from === undefined ? statements : statements.map((s) => ({ text: s.text, params: s.params.map((p) => (p === from ? to : p)) }));

/** Runs the statements one after the other on one client; returns the rows of the last statement that returned any. */
async function runStatements(client, statements) {
  let rows = [];
  for (const s of statements) {
    const r = await client.query(s.text, s.params);
    if (r.rows?.length) rows = r.rows;
  }
  return rows;
}

module.exports = { readCapture, readOnly, substitute, runStatements };
