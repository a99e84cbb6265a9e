// Build the web console only when its sources are newer than the last build, so a second
// `npm start` starts in seconds.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'apps/web/dist/index.html');
const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'packages/contracts/src', 'package-lock.json'];

function newest(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(full)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
const changed = Math.max(...sources.map(newest));
if (built && built >= changed && !process.argv.includes('--force')) {
  console.log('web console is up to date (apps/web/dist)');
} else {
  console.log('building the web console...');
  execSync('npm run -w @lq/web build', { cwd: root, stdio: 'inherit' });
}
