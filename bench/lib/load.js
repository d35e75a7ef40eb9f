/**
 * Load generation: autocannon for request/response scenarios (latencies collected per response, so
 * p95 is exact), and a timed sequential loop for the streamed downloads.
 */
const autocannon = require('autocannon');

const round = (v, d = 1) => (v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d);

function percentiles(values) {
  if (values.length === 0) return { p50: null, p95: null, p99: null, max: null };
  const s = Float64Array.from(values).sort();
  const at = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { p50: round(at(50), 2), p95: round(at(95), 2), p99: round(at(99), 2), max: round(s[s.length - 1], 2) };
}

/**
 * Runs autocannon for `seconds` with `connections` connections; `nextPath()` gives each request's
 * path (a pool of ids, or always the same URL). Any non-2xx answer makes the scenario fail.
 */
function cannon({ base, token, nextPath, seconds, connections, keep = false }) {
  const latencies = [];
  const statuses = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        timeout: 30,
        headers: { authorization: `Bearer ${token}` },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
      },
      (err, result) => {
        if (err) return reject(err);
        const ok = statuses[2] ?? 0;
        resolve({
          requests: result.requests.total,
          requestsPerSecond: round(ok / seconds),
          latencyMs: percentiles(latencies),
          bytesPerSecond: Math.round(result.throughput.average),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          ...(keep ? { latencies, ok } : {}),
        });
      },
    );
    instance.on('response', (client, statusCode, bytes, ms) => {
      latencies.push(ms);
      const k = Math.floor(statusCode / 100);
      statuses[k] = (statuses[k] ?? 0) + 1;
    });
  });
}

/** Warm-up, then the measured run. */
async function scenario(opts, { warmupSeconds = 2, seconds = 10, connections = 10 } = {}) {
  await cannon({ ...opts, seconds: warmupSeconds, connections });
  const r = await cannon({ ...opts, seconds, connections });
  if (r.non2xx || r.errors) throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors out of ${r.requests} requests`);
  return { connections, seconds, ...r };
}

/**
 * Two scenarios measured in alternating rounds (warm-up first), so both see the same background
 * load: the fair way to compare page 1 with a deep page.
 */
async function pair(optsA, optsB, { warmupSeconds = 2, seconds = 10, connections = 10, rounds = 5 } = {}) {
  await cannon({ ...optsA, seconds: warmupSeconds, connections });
  await cannon({ ...optsB, seconds: warmupSeconds, connections });
  const runs = [[], []];
  const each = Math.max(1, Math.round(seconds / rounds));
  for (let i = 0; i < rounds; i++) {
    runs[0].push(await cannon({ ...optsA, seconds: each, connections, keep: true }));
    runs[1].push(await cannon({ ...optsB, seconds: each, connections, keep: true }));
  }
  return runs.map((list) => {
    const latencies = list.flatMap((r) => r.latencies);
    const sum = (k) => list.reduce((t, r) => t + r[k], 0);
    if (sum('non2xx') || sum('errors')) throw new Error(`${sum('non2xx')} non-2xx answers and ${sum('errors')} errors out of ${sum('requests')} requests`);
    return {
      connections,
      seconds: each * rounds,
      rounds,
      requests: sum('requests'),
      requestsPerSecond: round(sum('ok') / (each * rounds)),
      latencyMs: percentiles(latencies),
      non2xx: 0,
      errors: 0,
      timeouts: sum('timeouts'),
    };
  });
}

/** Downloads `url` (streamed, counted, discarded) and returns time, bytes and the first error. */
async function download(url, token) {
  const t = process.hrtime.bigint();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  let newlines = 0;
  let firstMs = null;
  const chunks = [];
  for await (const chunk of res.body) {
    if (firstMs === null) firstMs = Number(process.hrtime.bigint() - t) / 1e6;
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    if (chunks.length < 2) chunks.push(Buffer.from(chunk));
  }
  return {
    ms: Number(process.hrtime.bigint() - t) / 1e6,
    firstByteMs: firstMs,
    bytes,
    newlines,
    head: Buffer.concat(chunks).subarray(0, 2000).toString('utf8'),
    contentType: res.headers.get('content-type'),
  };
}

/** Repeats `fn` sequentially for at most `seconds` (and at least `min` times, at most `max`). */
async function repeat(fn, { seconds = 10, min = 3, max = 50 } = {}) {
  const runs = [];
  const until = Date.now() + seconds * 1000;
  while (runs.length < max && (runs.length < min || Date.now() < until)) runs.push(await fn());
  return runs;
}

module.exports = { scenario, pair, download, repeat, percentiles, round };
