import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCombatLogText } from '@guildhall/combat-log';
import { raidNightsLog } from '@guildhall/combat-log/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand, type TelemetryCliDeps } from '../src/cli/telemetry';
import { loadConfig } from '../src/config';
import { createLocalObjectStore } from '../src/core/storage/object-store';
import { listBronze } from '../src/modules/telemetry';

const COMMUNITY = '6f1c1f7e-2c1e-4a53-9d55-3b0c1f0e9a11';

/**
 * `guildhall telemetry import` in-process, killed after N chunks by the injected hook (what a
 * Ctrl-C or a crash does between two chunks), then run again: it resumes from its checkpoint.
 * The community check is the operation a server would answer; here a stand-in.
 */
describe('telemetry import: an interrupted import resumes', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-tele-resume-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const deps = (out: string[], afterChunk?: (n: number) => void): TelemetryCliDeps => ({
    cfg: loadConfig({ GUILDHALL_DATA_DIR: dataDir }),
    operation: async (op) => {
      expect(op).toBe('telemetry.community');
      return ['Los Centinelas', COMMUNITY];
    },
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: () => true },
    ...(afterChunk ? { afterChunk } : {}),
  });

  it('stops mid-file, then finishes from the checkpoint with the totals of one clean import', async () => {
    // Big enough for several 4 MiB chunks.
    const text = raidNightsLog(2, 9_000);
    const file = path.join(dataDir, 'WoWCombatLog-121425_190000.txt');
    fs.writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(8 * 1024 * 1024);
    const expected = parseCombatLogText(text, { fileId: 'x', year: 2025 }).events.length;

    const first: string[] = [];
    const killed = importCommand(
      file,
      { utcOffset: 0 },
      deps(first, (n) => {
        if (n === 1) throw new Error('killed after the first chunk');
      }),
    );
    await expect(killed).rejects.toThrow('killed');
    expect(first).toEqual([]);

    const second: string[] = [];
    await importCommand(file, { utcOffset: 0 }, deps(second));
    expect(second.at(-1)).toMatch(
      new RegExp(`^raids 2, pulls 2, events ${expected} \\(resumed at byte \\d+: \\d+ new events\\)\\n$`),
    );

    // Every event once in bronze: the chunk written before the kill is not written twice.
    const store = createLocalObjectStore(path.join(dataDir, 'objects'));
    const ids: string[] = [];
    for (const o of await listBronze(store, COMMUNITY)) {
      if (o.kind !== 'events') continue;
      const lines = gunzipSync((await store.get(o.key)) as Buffer)
        .toString('utf8')
        .trim()
        .split('\n');
      for (const line of lines) ids.push((JSON.parse(line) as { event_id: string }).event_id);
    }
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    const third: string[] = [];
    await importCommand(file, { utcOffset: 0 }, deps(third));
    expect(third.at(-1)).toBe(`raids 2, pulls 2, events ${expected} (already imported: nothing new)\n`);
  });
});
