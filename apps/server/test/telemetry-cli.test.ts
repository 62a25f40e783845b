import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCombatLogText } from '@guildhall/combat-log';
import { raidNightsLog } from '@guildhall/combat-log/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guildhallBin as bin, lastLine, runCli as run, SPAWNS_TIMEOUT, waitForOutput } from './cli-process';

function bronzeFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'objects', 'bronze');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ndjson.gz'))
    .sort();
}

describe('guildhall telemetry', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let logFile: string;
  const text = raidNightsLog(2);
  const expected = parseCombatLogText(text, { fileId: 'x', year: 2025 });

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-tele-cli-'));
    env = { GUILDHALL_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' };
    logFile = path.join(dataDir, 'WoWCombatLog-121425_190000.txt');
    fs.writeFileSync(logFile, text);
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    'imports a combat log with progress and a summary last; again, nothing new; clear errors',
    async () => {
      const created = await run(['community', 'create', '--name', 'Los Centinelas', '--game', 'wow'], env);
      expect(created.code, created.stderr).toBe(0);
      const id = lastLine(created.stdout);

      const missing = await run(['telemetry', 'import', path.join(dataDir, 'nope.txt')], env);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such file');
      const json = path.join(dataDir, 'events.json');
      fs.writeFileSync(json, '[{"event_type":"heal"}]\n');
      const notLog = await run(['telemetry', 'import', json], env);
      expect(notLog.code).not.toBe(0);
      expect(notLog.stderr).toContain('not a WoW combat log');
      const unknown = await run(
        ['telemetry', 'import', logFile, '--community', '00000000-0000-4000-8000-000000000000'],
        env,
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('community not found');
      expect(bronzeFiles(dataDir)).toEqual([]);

      // One community: --community may be left out.
      const first = await run(['telemetry', 'import', logFile], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/100% .*MB\/s/);
      expect(lastLine(first.stdout)).toBe(`raids 2, pulls 2, events ${expected.events.length}`);
      const files = bronzeFiles(dataDir);
      expect(files.some((f) => f.includes(`community=${id}`) && f.endsWith('.events.ndjson.gz'))).toBe(true);
      expect(files.some((f) => f.endsWith('.pulls.ndjson.gz'))).toBe(true);

      const again = await run(['telemetry', 'import', logFile, '--community', id], env);
      expect(again.code, again.stderr).toBe(0);
      expect(lastLine(again.stdout)).toBe(
        `raids 2, pulls 2, events ${expected.events.length} (already imported: nothing new)`,
      );
      expect(bronzeFiles(dataDir)).toEqual(files);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'imports while a running server holds the embedded database',
    async () => {
      const created = await run(['community', 'create', '--name', 'Los Centinelas', '--game', 'wow'], env);
      const id = lastLine(created.stdout);
      const server: ChildProcess = spawn(process.execPath, [bin, 'serve'], {
        env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      });
      let log = '';
      server.stdout?.on('data', (d) => {
        log += d;
      });
      try {
        await waitForOutput(server, () => log, 'guildhall is serving');
        const imported = await run(['telemetry', 'import', logFile, '--community', id], env);
        expect(imported.code, imported.stderr).toBe(0);
        expect(lastLine(imported.stdout)).toBe(`raids 2, pulls 2, events ${expected.events.length}`);
      } finally {
        const exited =
          server.exitCode !== null
            ? Promise.resolve(server.exitCode)
            : new Promise<number | null>((r) => server.on('exit', (code) => r(code)));
        server.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'generates byte-identical NDJSON for a seed, other bytes for another, and the members as the roster',
    async () => {
      const out = (name: string) => path.join(dataDir, name);
      const args = ['telemetry', 'generate', '--raids', '2', '--events-per-raid', '300'];
      const a = await run([...args, '--seed', '7', '--out', out('a.ndjson')], env);
      expect(a.code, a.stderr).toBe(0);
      await run([...args, '--seed', '7', '--out', out('b.ndjson')], env);
      await run([...args, '--seed', '8', '--out', out('c.ndjson')], env);
      const bytes = fs.readFileSync(out('a.ndjson'));
      expect(bytes.length).toBeGreaterThan(1000);
      expect(fs.readFileSync(out('b.ndjson')).equals(bytes)).toBe(true);
      expect(fs.readFileSync(out('c.ndjson')).equals(bytes)).toBe(false);
      expect(lastLine(a.stdout)).toMatch(/^raids 2, events \d+/);

      const seeded = await run(['seed', '--demo'], env);
      expect(seeded.code, seeded.stderr).toBe(0);
      const community = lastLine(seeded.stdout);
      const team = await run(
        [...args, '--seed', '7', '--roster', 'community', '--community', community, '--out', out('m.ndjson')],
        env,
      );
      expect(team.code, team.stderr).toBe(0);
      const events = fs
        .readFileSync(out('m.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { raid_id: string; source_player_id: string; source_player_role: unknown },
        );
      const playersOf = (raid: string) =>
        new Set(
          events
            .filter((e) => e.raid_id === raid && e.source_player_role !== null)
            .map((e) => e.source_player_id),
        );
      // The same members, by their Name-Realm, in both raids.
      const first = playersOf('raid001');
      const both = [...playersOf('raid002')].filter((p) => first.has(p));
      expect([...first].every((p) => /^[^-\s]+-\S+$/.test(p))).toBe(true);
      expect(both.length).toBeGreaterThan(3);

      const bronze = await run([...args, '--seed', '7', '--community', community], env);
      expect(bronze.code, bronze.stderr).toBe(0);
      expect(lastLine(bronze.stdout)).toMatch(/^raids 2, events \d+ \(bronze of /);
      // One object per generated raid (the demo's own raid nights are there too, as `demo-…`).
      const generated = bronzeFiles(dataDir).filter((f) => path.basename(f).startsWith('gen-'));
      expect(generated.map((f) => /raid_id=(raid\d+)/.exec(f)?.[1])).toEqual(['raid001', 'raid002']);
    },
    SPAWNS_TIMEOUT,
  );
});
