// Build the server into apps/server/dist with esbuild: src/main.ts, src/cli.ts and every
// src/**/*.worker.ts become dist/<name>.js (flat, so `new URL('./x.worker.js', import.meta.url)`
// from the bundle finds them, and paths computed from import.meta.url stay one level below
// apps/server, as from src/). The workspace packages (@lq/*) are bundled; npm dependencies stay
// external and load from node_modules. Only rebuilds when a source is newer than the last build
// (or the set of entry points changed), so a second `npm start` starts in seconds.
//   node scripts/build-server.mjs [--force] [--quiet]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'apps/server');
const src = path.join(server, 'src');
const dist = path.join(server, 'dist');
const manifestFile = path.join(dist, 'build.json');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');
const log = (s) => quiet || console.log(s);

/** Every *.worker.ts below src/ (none is fine), tests and test folders excluded. */
function workerEntries() {
  return fs
    .readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.worker.ts') && !f.split(path.sep).includes('test'))
    .sort();
}

const entries = ['main.ts', 'cli.ts', ...workerEntries()];
const names = entries.map((e) => path.basename(e, '.ts'));
const dup = names.find((n, i) => names.indexOf(n) !== i);
if (dup) {
  console.error(`build-server: two entry points named ${dup}.ts; worker file names must be unique (they are emitted flat into dist/)`);
  process.exit(1);
}

const sources = ['apps/server/src', 'packages/contracts/src', 'packages/vrptw/src', 'package-lock.json', 'scripts/build-server.mjs'];
function newest(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs; // a deleted or renamed file changes the folder's time
  for (const e of fs.readdirSync(full)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

function upToDate() {
  if (!fs.existsSync(manifestFile)) return false;
  try {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    if (JSON.stringify(m.entries) !== JSON.stringify(entries)) return false;
    if (!names.every((n) => fs.existsSync(path.join(dist, `${n}.js`)))) return false;
    return m.builtAt >= Math.max(...sources.map(newest));
  } catch {
    return false;
  }
}

if (!force && upToDate()) {
  log('server is up to date (apps/server/dist)');
  process.exit(0);
}

const esbuild = await import('esbuild');

/** Bundle @lq/* (workspace TypeScript), keep every other bare import (npm packages) external. */
const externalNpm = {
  name: 'external-npm',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@lq/') || args.path.startsWith('node:') || path.isAbsolute(args.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** `new URL('./dir/x.worker.ts', import.meta.url)` in a source -> './x.worker.js' next to the bundle. */
const workerUrls = {
  name: 'worker-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]apps[\\/]server[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('.worker.ts')) return undefined;
      const contents = text.replace(
        /new URL\(\s*(['"`])([^'"`]*?)([\w.-]+)\.worker\.ts\1\s*,\s*import\.meta\.url\s*\)/g,
        (_m, q, _dir, name) => `new URL(${q}./${name}.worker.js${q}, import.meta.url)`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

const t0 = Date.now();
fs.rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(entries.map((e, i) => [names[i], path.join(src, e)])),
  outdir: dist,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalNpm, workerUrls],
});
fs.writeFileSync(manifestFile, JSON.stringify({ builtAt: t0, entries }, null, 2));
log(`built the server (${entries.join(', ')}) into apps/server/dist in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
