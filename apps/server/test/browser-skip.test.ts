/**
 * When `npm test` leaves the browser tests out: locally without Chromium (or when asked to),
 * saying so in one warning line; never under CI=true, where a missing Chromium fails the run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserSkipReason, browserTestFiles } from '../../../tools/browser-tests.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const nowhere = '/nonexistent/chromium';

describe('browser tests without Chromium', () => {
  it('are skipped locally, with the reason, and never under CI=true', () => {
    expect(browserSkipReason({}, nowhere)).toMatch(/no Chromium at \/nonexistent\/chromium/);
    expect(browserSkipReason({ GUILDHALL_SKIP_BROWSER_TESTS: '1' }, '/bin/sh')).toMatch(
      /GUILDHALL_SKIP_BROWSER_TESTS=1/,
    );
    expect(browserSkipReason({}, '/bin/sh')).toBeNull();
    expect(browserSkipReason({ CI: 'true' }, nowhere)).toBeNull();
    expect(browserSkipReason({ CI: 'true', GUILDHALL_SKIP_BROWSER_TESTS: '1' }, nowhere)).toBeNull();
  });

  it('finds the browser suites by their playwright-core import', () => {
    const files = browserTestFiles(root);
    expect(files).toContain('apps/server/test/dashboard-layout.test.ts');
    expect(files).toContain('apps/web/test/dashboard.test.ts');
    expect(files).not.toContain('apps/server/test/api.test.ts');
    expect(files).not.toContain('apps/server/test/browser-skip.test.ts');
  });

  it('says so in one warning line when vitest leaves them out, and runs the rest', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        'packages/contracts/src/telemetry.test.ts',
        'apps/server/test/dashboard-layout.test.ts',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '', GUILDHALL_SKIP_BROWSER_TESTS: '1' } },
    );
    const out = `${run.stdout}${run.stderr}`;
    expect(out.split('\n').filter((l) => l.includes('BROWSER TESTS SKIPPED'))).toHaveLength(1);
    expect(out).toMatch(/Test Files\s.*1 passed/);
    expect(out).not.toContain('dashboard-layout');
    expect(run.status).toBe(0);
  });
});
