import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateTelemetryBatch } from '@guildhall/contracts';
import { generateRaid } from '@guildhall/telemetry-gen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalObjectStore } from '../src/core/storage/object-store';
import { writeBronzeBatch } from '../src/modules/telemetry/bronze';
import { lastLine, runCli as run, SPAWNS_TIMEOUT } from './cli-process';

/** `guildhall pipeline …` as users run it, on the embedded database and the local lake. */
describe('guildhall pipeline', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-cli-lake-'));
    env = { GUILDHALL_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' };
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    'builds silver and gold with progress on stderr and a summary last, then finds nothing pending',
    async () => {
      const created = await run(
        ['community', 'create', '--name', 'Raiders', '--game', 'wow', '--realm', 'Stormvale'],
        env,
      );
      expect(created.code).toBe(0);
      const id = lastLine(created.stdout);
      const start = Date.parse('2026-03-02T20:00:00Z');
      const raid = generateRaid({ seed: 'cli', raids: 1, eventsPerRaid: 200, start, players: 8 }, 0);
      const v = validateTelemetryBatch(JSON.stringify(raid.events), { now: () => start + 86_400_000 });
      if (!v.ok) throw new Error(v.message);
      await writeBronzeBatch(createLocalObjectStore(path.join(dataDir, 'objects')), {
        communityId: id,
        batchId: 'b1',
        ingestedAt: new Date(start),
        rows: v.accepted,
      });

      const first = await run(['pipeline', 'run', '--community', id], env);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/silver Raiders: reading bronze \[#+-*\] \d+%/);
      expect(first.stderr).toContain('gold Raiders');
      expect(lastLine(first.stdout)).toBe(
        `pipeline: 1 communities, silver 1 raids from 1 bronze objects (${v.accepted.length} events, 0 duplicates dropped, 0 rejected), gold 1 raids`,
      );
      const gold = path.join(
        dataDir,
        'objects',
        'gold',
        `community=${id}`,
        'fact_raid_summary',
        'raid_id=raid001',
      );
      expect(fs.readdirSync(gold)).toEqual(['fact_raid_summary.parquet']);

      const again = await run(['pipeline', 'run'], env);
      expect(again.code).toBe(0);
      expect(lastLine(again.stdout)).toContain('silver 0 raids from 0 bronze objects');

      const unknown = await run(
        ['pipeline', 'gold', '--community', '00000000-0000-4000-8000-000000000000'],
        env,
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('community not found');
    },
    SPAWNS_TIMEOUT,
  );
});
