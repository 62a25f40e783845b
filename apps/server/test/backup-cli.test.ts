import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from './backup-fixtures';
import { lastLine, runCli, SPAWNS_TIMEOUT } from './cli-process';
import { offline } from './fakes/server';

const dirs: string[] = [];
const dir = (label: string) => {
  const d = tempDir(label);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const embedded = (dataDir: string) => ({
  ...offline,
  GUILDHALL_DATA_DIR: dataDir,
  DATABASE_URL: '',
  REDIS_URL: '',
});

it(
  'backs up from the command line, prints the file last, and restores it elsewhere once',
  async () => {
    const source = embedded(dir('cli-source'));
    const created = await runCli(['community', 'create', '--name', 'Backed Up', '--game', 'wow'], source);
    expect(created.code, created.stderr).toBe(0);

    const out = dir('cli-backups');
    const backup = await runCli(['backup', '--out', out], source);
    expect(backup.code, backup.stderr).toBe(0);
    const file = lastLine(backup.stdout);
    expect(path.dirname(file)).toBe(out);
    expect(file).toMatch(/guildhall-.+\.backup\.tar\.gz$/);
    expect(backup.stdout).toMatch(/backed up the embedded database \(schema \d+\).*and the generated secret/);

    const target = embedded(dir('cli-target'));
    const restored = await runCli(['restore', file], target);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('restored the embedded database');
    const listed = await runCli(['community', 'list'], target);
    expect(listed.stdout).toContain('Backed Up');

    const again = await runCli(['restore', file], target);
    expect(again.code).toBe(1);
    // The storage line, then the one-line refusal.
    expect(again.stderr.trim().split('\n')).toHaveLength(2);
    expect(again.stderr.trim().split('\n')[0]).toMatch(/^guildhall: data directory /);
    expect(again.stderr.trim().split('\n')[1]).toMatch(/^guildhall: .* already holds a database: .*--force/);
  },
  SPAWNS_TIMEOUT,
);
