/**
 * Size of the dashboard's JavaScript, gzipped: what the home route loads before it can
 * render (the entry and the home page's chunks), and each route's own chunks on top.
 * Builds the web app first when `apps/web/dist` is missing or older than its sources.
 * Prints one JSON line; the budget for the home route is 250 KB.
 *
 *   node --import tsx bench/web-size.bench.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'apps/web');
const dist = path.join(web, 'dist');
const manifestPath = path.join(dist, '.vite/manifest.json');
const BUDGET_KB = 250;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const stale =
  !fs.existsSync(manifestPath) ||
  Math.max(newestSource(path.join(web, 'src')), fs.statSync(path.join(web, 'index.html')).mtimeMs) >
    fs.statSync(manifestPath).mtimeMs;
if (stale) execFileSync('npm', ['run', 'build', '-w', '@guildhall/web'], { cwd: root, stdio: 'ignore' });

const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
const gzipBytes = new Map<string, number>();
const gz = (file: string) => {
  if (!gzipBytes.has(file)) {
    gzipBytes.set(file, zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length);
  }
  return gzipBytes.get(file)!;
};

/** A chunk and everything it imports statically, as manifest keys. */
function closure(key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, into);
  return into;
}
const kb = (keys: Iterable<string>) =>
  Math.round(([...keys].reduce((sum, k) => sum + gz(manifest[k]!.file), 0) / 1024) * 10) / 10;

const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const entry = closure(entryKey);
const routes: Record<string, number> = {};
let home = 0;
for (const key of manifest[entryKey]!.dynamicImports ?? []) {
  const name = path.basename(key).replace(/\.tsx?$/, '');
  const own = [...closure(key)].filter((k) => !entry.has(k));
  routes[name] = kb(own);
  if (name === 'home') home = kb(new Set([...entry, ...own]));
}
const allJs = fs
  .readdirSync(path.join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + gz(`assets/${f}`), 0);

console.log(
  JSON.stringify({
    bench: 'web-size',
    gzip: 'level 9',
    homeRouteInitialKB: home,
    homeBudgetKB: BUDGET_KB,
    withinBudget: home <= BUDGET_KB,
    entryKB: kb(entry),
    routeChunksKB: routes,
    allJsKB: Math.round((allJs / 1024) * 10) / 10,
  }),
);
