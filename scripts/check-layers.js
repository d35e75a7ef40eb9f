#!/usr/bin/env node
/**
 * The layering check of the lint step (`npm run lint` runs it after ESLint). It reads every import
 * in src/ (static, `export … from`, `require()` and `import()`, type-only ones included) and fails on
 *
 * - an import upward: a file may import only from its own layer or a lower one:
 *     0 src/schema      entities and shared vocabularies: the ground floor
 *     1 src/common      what every layer above uses: errors, config, the caller, scope, DTO helpers
 *     2 src/rules       the workflow's pure rules (state machine, guards, effects, deadlines, the
 *                       overdue rule in SQL) that several features apply
 *     3 src/database    the data source, the one transaction mechanism, the embedded server
 *     4 the features    units, directives, assets, actions, reports, idempotency, backup, …
 *     5 src/*.ts        the application's assembly (app.module, main, cli, the shutdown)
 * - a cycle between feature folders (assets → actions → assets), or between files anywhere;
 * - an import of a file that does not exist.
 *
 * Usage: node scripts/check-layers.js [--graph]   (--graph prints the folder graph and exits 0)
 */
'use strict';
const { readdirSync, readFileSync, statSync, existsSync } = require('node:fs');
const { join, relative, dirname, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');
const LAYERS = [
  { level: 0, folders: ['schema'] },
  { level: 1, folders: ['common'] },
  { level: 2, folders: ['rules'] },
  { level: 3, folders: ['database'] },
];
const FEATURE = 4;
const ASSEMBLY = 5;

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** The top-level folder of `src` a file belongs to ('' for src/*.ts). */
const folderOf = (src, file) => {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 ? parts[0] : '';
};
function levelOf(folder) {
  if (folder === '') return ASSEMBLY;
  const layer = LAYERS.find((l) => l.folders.includes(folder));
  return layer ? layer.level : FEATURE;
}
const LAYER_NAMES = { 0: 'the ground floor (src/schema)', 1: 'src/common', 2: 'src/rules', 3: 'src/database', 4: 'a feature', 5: 'the assembly (src/*.ts)' };

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|(?:require|import)\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const c of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

function graphOf(src, files) {
  const root = dirname(src);
  const edges = new Map();
  const problems = [];
  for (const file of files) {
    const targets = new Set();
    const text = stripComments(readFileSync(file, 'utf8'));
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      const target = resolveImport(file, spec);
      if (!target) {
        if (!/\.(json|js)$/.test(spec)) problems.push(`${relative(root, file)}: imports '${spec}', which does not exist`);
        continue;
      }
      if (target.startsWith(src + sep)) targets.add(target);
    }
    edges.set(file, targets);
  }
  return { edges, problems };
}

/** Strongly connected components of more than one node (or a node importing itself): the cycles. */
function cyclesOf(nodes, next) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next(v).has(v)) out.push(scc);
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return out;
}

/** The problems of the tree under `src` (file names in them are relative to its parent). */
function check(src = SRC) {
  const root = dirname(src);
  const files = filesUnder(src);
  const { edges, problems } = graphOf(src, files);
  const folders = new Map();
  for (const [file, targets] of edges) {
    const from = folderOf(src, file);
    for (const target of targets) {
      const to = folderOf(src, target);
      if (levelOf(to) > levelOf(from)) {
        problems.push(
          `${relative(root, file)} imports ${relative(root, target)}: ${LAYER_NAMES[levelOf(from)]} may not import from ${LAYER_NAMES[levelOf(to)]}`,
        );
      }
      if (from !== to && from !== '' && to !== '') {
        if (!folders.has(from)) folders.set(from, new Map());
        const via = folders.get(from);
        if (!via.has(to)) via.set(to, `${relative(root, file)} → ${relative(root, target)}`);
      }
    }
  }
  const folderNext = (f) => new Set(folders.get(f)?.keys() ?? []);
  for (const scc of cyclesOf([...folders.keys()], folderNext)) {
    const members = new Set(scc);
    const sample = scc.flatMap((f) => [...(folders.get(f) ?? new Map())].filter(([to]) => members.has(to)).map(([, why]) => `    ${why}`));
    problems.push(`a cycle between the folders ${scc.sort().join(', ')}:\n${sample.join('\n')}`);
  }
  for (const scc of cyclesOf(files, (f) => edges.get(f) ?? new Set())) {
    problems.push(
      `a cycle between the files ${scc
        .map((f) => relative(root, f))
        .sort()
        .join(', ')}`,
    );
  }
  return { problems, folders, files };
}

if (require.main === module) {
  const { problems, folders, files } = check();
  if (process.argv.includes('--graph')) {
    for (const [from, via] of [...folders].sort()) console.log(`${from} → ${[...via.keys()].sort().join(', ')}`);
    process.exit(0);
  }
  if (problems.length) {
    console.error(`Layering: ${problems.length} problem(s) (see scripts/check-layers.js for the rules)\n`);
    for (const p of problems) console.error(`- ${p}`);
    process.exit(1);
  }
  console.log(`Layering: ${files.length} files in src/, no import upward and no cycle`);
}

module.exports = { check };
