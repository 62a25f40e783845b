import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lastLine, runCli, SPAWNS_TIMEOUT } from './cli-process';
import { offline } from './fakes/server';
import { FakeWiseOldMan } from './fakes/wise-old-man';

const wom = new FakeWiseOldMan();
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  await wom.start();
  wom.addPlayer(77, {
    id: 9,
    displayName: 'Woox',
    role: 'leader',
    joinedAt: '2025-01-02T03:04:05.000Z',
    snapshots: [{ at: new Date(Date.now() - 86_400_000).toISOString(), values: { overall: 1_000 } }],
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-osrs-cli-'));
  env = { ...offline, GUILDHALL_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', WOM_BASE_URL: wom.url };
});

afterAll(async () => {
  await wom.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it(
  'creates an OSRS community with its Wise Old Man group and harvests it from the command line',
  async () => {
    const created = await runCli(
      ['community', 'create', '--name', 'Iron Wolves', '--game', 'osrs', '--wom-group', '77'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const id = lastLine(created.stdout);
    const harvested = await runCli(['osrs', 'harvest', '--community', id], env);
    expect(harvested.code, harvested.stderr).toBe(0);
    expect(harvested.stdout).toMatch(/Iron Wolves: 1 members \(1 joined.*6 Wise Old Man calls/);
    expect(lastLine(harvested.stdout)).toBe('harvested 1 of 1 OSRS communities');
    expect(wom.requests.map((r) => r.path)).toContain('/groups/77/bulk-hiscores');
    const bad = await runCli(
      ['community', 'create', '--name', 'X', '--game', 'osrs', '--wom-group', 'abc'],
      env,
    );
    expect(bad.code).toBe(2);
  },
  SPAWNS_TIMEOUT,
);
