/**
 * Which test files drive Chromium, and whether this run skips them. Browser tests need
 * Debian's Chromium at /usr/bin/chromium. Without it (or with GUILDHALL_SKIP_BROWSER_TESTS=1)
 * a local `npm test` leaves them out and says so once, loudly; under CI=true nothing is left
 * out, so a CI machine without Chromium fails instead of passing without the browser tests.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

/** Why this run skips the browser tests, or null when it runs them. */
export function browserSkipReason(env: NodeJS.ProcessEnv = process.env, chromium = CHROMIUM): string | null {
  if (env.CI === 'true' || env.CI === '1') return null;
  if (env.GUILDHALL_SKIP_BROWSER_TESTS === '1') return 'GUILDHALL_SKIP_BROWSER_TESTS=1 is set';
  if (!fs.existsSync(chromium)) return `there is no Chromium at ${chromium} (apt-get install chromium)`;
  return null;
}

/** Test files (relative to `root`) that import playwright-core: the browser tests. */
export function browserTestFiles(root: string): string[] {
  const out: string[] = [];
  const dirs = ['apps', 'packages'].flatMap((d) =>
    fs.existsSync(path.join(root, d))
      ? fs.readdirSync(path.join(root, d)).flatMap((p) => [`${d}/${p}/test`, `${d}/${p}/src`])
      : [],
  );
  const walk = (dir: string) => {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'artifacts') walk(rel);
      else if (
        e.name.endsWith('.test.ts') &&
        /from 'playwright-core'/.test(fs.readFileSync(path.join(root, rel), 'utf8'))
      )
        out.push(rel);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

/** Vitest global setup: one warning line per run when the browser tests are left out. */
export default function setup(): void {
  const reason = browserSkipReason();
  if (reason)
    process.stderr.write(
      `\n\x1b[1;33m⚠ BROWSER TESTS SKIPPED: ${reason}. The dashboard was not tested in a browser; CI=true fails instead.\x1b[0m\n\n`,
    );
}
