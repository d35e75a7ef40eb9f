#!/usr/bin/env node
// Builds dist/ when it is missing or older than any source file, so `npm start` works right after `npm ci`.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'dist', 'src', 'main.js');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else if (entry.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const sourcesChanged = () =>
  Math.max(newest(join(root, 'src')), newest(join(root, 'migrations')), statSync(join(root, 'package.json')).mtimeMs) > statSync(marker).mtimeMs;

if (!existsSync(marker) || sourcesChanged()) {
  process.stderr.write('Building (tsc)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}
