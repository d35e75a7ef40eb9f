/**
 * The API under test: the production build (`node dist/src/main.js`) as a child process on
 * 127.0.0.1, its readiness, sign-in, and its resident memory read from /proc every 100 ms.
 */
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { root, sleep } = require('./common');

const ADMIN_PASSWORD = 'bench-admin-password';
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/** Starts the API on `port` against `databaseUrl`; resolves once GET /health/ready answers 200. */
async function startApi({ databaseUrl, port, uploadLimitBytes = 200 * 1024 * 1024, nodeArgs = [], extraEnv = {} }) {
  const env = { ...process.env };
  for (const k of ['EMBEDDED_PG_DIR', 'EMBEDDED_PG_PORT', 'ADMIN_USERNAME', 'CORS_ORIGINS']) delete env[k];
  Object.assign(env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_SECRET,
    ADMIN_PASSWORD,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    UPLOAD_LIMIT_BYTES: String(uploadLimitBytes),
    ...extraEnv,
  });
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--max-old-space-size=256', ...nodeArgs, join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d) => {
    output = (output + d).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API was not ready after 120 s:\n${output}`);
    }
    await sleep(50);
  }
  const readyMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const { accessToken } = await res.json();
  return { child, pid: child.pid, base, token: accessToken, readyMs, output: () => output };
}

async function stopApi(api) {
  if (!api || api.child.exitCode !== null) return;
  const exited = new Promise((r) => api.child.once('exit', r));
  api.child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) return;
  api.child.kill('SIGKILL');
  await exited;
}

/** VmRSS of a process in MB (null once it has gone). */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every 100 ms; `peak()` is the largest since the last `reset()`. */
function rssSampler(pid, everyMs = 100) {
  let peak = 0;
  let samples = 0;
  const sample = () => {
    const v = rssMb(pid);
    if (v !== null) {
      peak = Math.max(peak, v);
      samples++;
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    reset: () => {
      peak = 0;
      samples = 0;
      sample();
    },
    peak: () => {
      sample();
      return Math.round(peak * 10) / 10;
    },
    samples: () => samples,
    now: () => rssMb(pid),
    stop: () => clearInterval(timer),
  };
}

module.exports = { ADMIN_PASSWORD, startApi, stopApi, rssMb, rssSampler, cpuSeconds };
