/**
 * Helpers shared by the inventory benchmarks (bench/data.js, bench/run.js): arguments, the seeded
 * PRNG, step timing, machine info, and where the benchmark database lives (.data/bench.json).
 */
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const os = require('node:os');
const { join, resolve } = require('node:path');

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');
const stateFile = join(root, '.data', 'bench.json');
const SCALES = {
  small: { assets: 50_000, surplus: 7_500, events: 75_000 },
  national: { assets: 200_000, surplus: 30_000, events: 300_000 },
  stress: { assets: 1_000_000, surplus: 150_000, events: 1_500_000 },
};
const DEFAULT_PG_DIR = '.data/bench-postgres';
const DEFAULT_PG_PORT = 54339;

/**
 * Where a benchmark writes its results: bench/results/<name>.json, or <name>b.json, <name>c.json, …
 * when an earlier run of the same day is already there (a second run must not overwrite the first).
 */
function resultFile(name) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 26; i++) {
    const file = join(dir, `${name}${i === 0 ? '' : String.fromCharCode(97 + i)}.json`);
    if (!existsSync(file)) return file;
  }
  throw new Error(`bench/results already holds 26 runs named ${name}*.json`);
}

/** `--name value` and `--flag` arguments into an object. */
function parseArgs(argv, known) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [key, inline] = a.slice(2).split('=', 2);
    if (!(key in known))
      throw new Error(
        `unknown option --${key} (known: ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(', ')})`,
      );
    if (known[key] === 'flag') out[key] = true;
    else out[key] = inline ?? argv[++i];
    if (out[key] === undefined) throw new Error(`--${key} needs a value`);
  }
  return out;
}

function scaleOf(name = 'national') {
  if (!SCALES[name]) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')} (got "${name}")`);
  return { name, ...SCALES[name] };
}

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same data on every run. */
function prng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks from [[value, weight], ...]. */
    weighted: (pairs) => {
      const total = pairs.reduce((t, [, w]) => t + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
    /** A version-4-shaped UUID drawn from the sequence (so ids are the same on every run). */
    uuid: () => {
      const h = () =>
        Math.floor(next() * 2 ** 32)
          .toString(16)
          .padStart(8, '0');
      const x = h() + h() + h() + h();
      return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${((parseInt(x[16], 16) & 3) | 8).toString(16)}${x.slice(17, 20)}-${x.slice(20, 32)}`;
    },
  };
  return r;
}

/** Runs a named step and prints how long it took; the durations are kept in `steps`. */
function stepper(log = (m) => process.stdout.write(`${m}\n`)) {
  const steps = [];
  return {
    steps,
    async run(name, fn) {
      const t = process.hrtime.bigint();
      const result = await fn();
      const ms = Math.round(Number(process.hrtime.bigint() - t) / 1e6);
      steps.push({ name, ms });
      log(`  ${name.padEnd(58)} ${(ms / 1000).toFixed(1).padStart(7)} s`);
      return result;
    },
  };
}

const machine = () => ({
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
});

const freePort = () =>
  new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
const portIsFree = (port) =>
  new Promise((res) => {
    const srv = createServer()
      .once('error', () => res(false))
      .listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Cumulative CPU time of the whole machine from /proc/stat (jiffies): busy and total. */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
/** Parent pid, CPU ticks (user + system) and reaped children's ticks of every process, from /proc/<pid>/stat. */
function processTable() {
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = readFileSync(`/proc/${name}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      out.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) });
    } catch {
      /* gone */
    }
  }
  return out;
}
/**
 * A snapshot of the CPU ticks of our own processes: the given ones, and the PostgreSQL server
 * (`parent`) with its backends, plus the time of the backends it has reaped.
 */
function ownTicks(pids, parent) {
  const ticks = new Map();
  const children = new Set();
  let reaped = 0;
  for (const [pid, p] of processTable()) {
    if (pid === parent) reaped = p.reaped;
    if (pids.includes(pid) || pid === parent) ticks.set(pid, p.ticks);
    else if (parent && p.ppid === parent) {
      ticks.set(pid, p.ticks);
      children.add(pid);
    }
  }
  return { ticks, children, reaped };
}
/**
 * CPU ticks our processes used between two snapshots. A backend that exited meanwhile (an idle
 * pool connection closed, a parallel worker) is counted through the server's reaped-children time,
 * less what it had used before the first snapshot.
 */
function ticksBetween(a, b) {
  let t = b.reaped - a.reaped;
  for (const [pid, ticks] of b.ticks) t += ticks - (a.ticks.get(pid) ?? 0);
  for (const pid of a.children) if (!b.ticks.has(pid)) t -= a.ticks.get(pid);
  return t;
}

/** The parent of a process (for a PostgreSQL backend: the postmaster), or null. */
function parentOf(pid) {
  return processTable().get(pid)?.ppid ?? null;
}

/** Share of all cores busy between two machineCpu() readings, in %. */
const busyPercent = (a, b) => (b.total > a.total ? Math.round((1000 * (b.busy - a.busy)) / (b.total - a.total)) / 10 : 0);
/** How busy the machine is over `ms` (run while the benchmark itself is idle: that is other people's load). */
async function machineBusy(ms = 1000) {
  const a = machineCpu();
  await sleep(ms);
  return busyPercent(a, machineCpu());
}

/** The same server, another database. */
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const readState = () => (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {});
function writeState(state) {
  mkdirSync(join(root, '.data'), { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * The PostgreSQL server the benchmarks use: --database-url, else DATABASE_URL, else the embedded one
 * in .data/bench-postgres (started here; its data directory is kept between runs, and it is stopped
 * when `stop()` is called or this process exits).
 */
async function openServer(args, log) {
  const given = args['database-url'] ?? (process.env.DATABASE_URL?.trim() || undefined);
  if (given) return { url: given, embedded: null, stop: async () => undefined };
  const state = readState();
  const dataDir = resolve(root, args['pg-dir'] ?? state.embedded?.dataDir ?? DEFAULT_PG_DIR);
  let port = Number(args['pg-port'] ?? state.embedded?.port ?? DEFAULT_PG_PORT);
  if (!(await portIsFree(port))) port = await freePort();
  const { startEmbeddedPostgres } = require(join(dist, 'src', 'database', 'embedded-postgres.js'));
  const t = Date.now();
  const pg = await startEmbeddedPostgres({ dataDir, port });
  log(`Embedded PostgreSQL ${pg.created ? 'created' : 'started'} in ${dataDir} on 127.0.0.1:${port} (${Date.now() - t} ms)`);
  return { url: pg.url, embedded: { dataDir, port }, stop: () => pg.stop() };
}

module.exports = {
  root,
  dist,
  resultFile,
  SCALES,
  parseArgs,
  scaleOf,
  prng,
  stepper,
  machine,
  freePort,
  sleep,
  machineCpu,
  busyPercent,
  machineBusy,
  ownTicks,
  ticksBetween,
  parentOf,
  withDatabase,
  readState,
  writeState,
  openServer,
};
