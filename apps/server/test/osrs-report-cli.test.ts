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

const lastTwo = (stdout: string) => stdout.trimEnd().split('\n').slice(-2);

beforeAll(async () => {
  await wom.start();
  wom.addPlayer(88, {
    id: 5,
    displayName: 'Woox',
    role: 'leader',
    joinedAt: '2025-01-02T03:04:05.000Z',
    snapshots: [{ at: new Date(Date.now() - 86_400_000).toISOString(), values: { overall: 1_000 } }],
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-osrs-run-'));
  env = { ...offline, GUILDHALL_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', WOM_BASE_URL: wom.url };
});

afterAll(async () => {
  await wom.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const create = async (name: string, group: number) => {
  const created = await runCli(
    ['community', 'create', '--name', name, '--game', 'osrs', '--wom-group', `${group}`],
    env,
  );
  expect(created.code, created.stderr).toBe(0);
  return lastLine(created.stdout);
};

it(
  'runs harvest, report and export, the report and dashboard paths last; a failed step fails the run, not the others',
  async () => {
    const id = await create('Iron Wolves', 88);
    const run = await runCli(['osrs', 'run', '--community', id], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/harvest Iron Wolves: 1 members/);
    const [report, dashboard] = lastTwo(run.stdout);
    expect(report).toMatch(new RegExp(`^report: ${path.join(dataDir, 'reports', 'osrs', id)}/.+\\.xlsx$`));
    expect(fs.existsSync(report!.slice('report: '.length))).toBe(true);
    expect(dashboard).toMatch(
      new RegExp(`^dashboard: ${path.join(dataDir, 'exports', 'osrs', id)}/dashboard\\.html$`),
    );
    expect(fs.readFileSync(dashboard!.slice('dashboard: '.length), 'utf8')).toContain('Iron Wolves');
    // A backup of the database came first.
    const backup = /^backup: (.+)$/m.exec(run.stdout)?.[1];
    expect(backup && fs.existsSync(backup)).toBe(true);

    // A group Wise Old Man does not know: the harvest fails, the report is still written.
    const lost = await create('Lost Clan', 999);
    const failed = await runCli(['osrs', 'run', '--community', lost], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/harvest Lost Clan: failed \(.*group 999/);
    const [lostReport] = lastTwo(failed.stdout);
    expect(fs.existsSync(lostReport!.slice('report: '.length))).toBe(true);
  },
  SPAWNS_TIMEOUT,
);
