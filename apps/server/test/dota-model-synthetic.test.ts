import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOTA_HEROES, DOTA_PATCHES } from '@guildhall/contracts';
import { describe, expect, it } from 'vitest';
import { generateToFiles, trackedPlayers } from '../src/modules/dota/synthetic/cli';
import {
  generateColumns,
  generatePublicMatches,
  type PublicMatchRow,
} from '../src/modules/dota/synthetic/generate';
import { denseTruth, makeTruth, TRUTH_SIZE } from '../src/modules/dota/synthetic/truth';
import { lastLine, runCli, SPAWNS_TIMEOUT } from './cli-process';
import { UNUSED_HERO_IDS } from './dota-model-fixtures';

describe('dota synthetic truth', () => {
  it('counters are antisymmetric, synergies symmetric, both centred under the pick distribution', () => {
    const truth = makeTruth({ seed: 'centre' });
    const t = denseTruth(truth);
    const ids = truth.heroIds;
    let maxRow = 0;
    let maxCounterRow = 0;
    let spread = 0;
    for (const a of ids) {
      let rc = 0;
      let ry = 0;
      for (const b of ids) {
        expect(t.counter[a * TRUTH_SIZE + b]).toBeCloseTo(-t.counter[b * TRUTH_SIZE + a]!, 12);
        expect(t.synergy[a * TRUTH_SIZE + b]).toBeCloseTo(t.synergy[b * TRUTH_SIZE + a]!, 12);
        rc += truth.pickWeight[b]! * t.counter[a * TRUTH_SIZE + b]!;
        ry += truth.pickWeight[b]! * t.synergy[a * TRUTH_SIZE + b]!;
        spread = Math.max(spread, Math.abs(t.counter[a * TRUTH_SIZE + b]!));
      }
      maxCounterRow = Math.max(maxCounterRow, Math.abs(rc));
      maxRow = Math.max(maxRow, Math.abs(ry));
    }
    expect(spread).toBeGreaterThan(0.05);
    expect(maxCounterRow).toBeLessThan(1e-12);
    expect(maxRow).toBeLessThan(1e-6);
    // Pick rates are far from uniform.
    const w = ids.map((id) => truth.pickWeight[id]!).sort((a, b) => a - b);
    expect(w.at(-1)! / w[0]!).toBeGreaterThan(5);
  });

  it('only real hero ids (sparse) appear, ten distinct heroes per match', () => {
    const { columns } = generateColumns(makeTruth({ seed: 's' }), { matches: 3000, seed: 1 });
    const real = new Set(DOTA_HEROES.map((h) => h.id));
    for (let i = 0; i < columns.n; i++) {
      const ten = new Set(columns.heroes.subarray(10 * i, 10 * i + 10));
      expect(ten.size).toBe(10);
      for (const h of ten) expect(real.has(h)).toBe(true);
    }
    const seen = new Set(columns.heroes);
    for (const id of UNUSED_HERO_IDS) expect(seen.has(id)).toBe(false);
  });

  it('is deterministic, and the rows and the columns are the same matches', () => {
    const truth = makeTruth({ seed: 'det' });
    const a = generateColumns(truth, { matches: 500, seed: 'x' });
    const b = generateColumns(truth, { matches: 500, seed: 'x' });
    const c = generateColumns(truth, { matches: 500, seed: 'y' });
    expect(Buffer.from(a.columns.heroes).equals(Buffer.from(b.columns.heroes))).toBe(true);
    expect(Buffer.from(a.columns.heroes).equals(Buffer.from(c.columns.heroes))).toBe(false);
    const rows: PublicMatchRow[] = [];
    generatePublicMatches(truth, { matches: 500, seed: 'x' }, (row) => rows.push(row));
    rows.forEach((r, i) => {
      expect([...r.radiant_team, ...r.dire_team]).toEqual(
        Array.from(a.columns.heroes.subarray(10 * i, 10 * i + 10)),
      );
      expect(r.radiant_win).toBe(a.columns.radiantWin[i] === 1);
      expect(r.start_time).toBe(a.columns.startTime[i]);
    });
  });

  it('writes OpenDota /publicMatches rows within their documented ranges', () => {
    const truth = makeTruth({ seed: 'rows' });
    const rows: PublicMatchRow[] = [];
    generatePublicMatches(truth, { matches: 2000, seed: 'r', patches: [58, 59] }, (row) => rows.push(row));
    const start58 = Date.parse(DOTA_PATCHES.find((p) => p.id === 58)!.date) / 1000;
    const end59 = Date.parse(DOTA_PATCHES.find((p) => p.id === 60)!.date) / 1000;
    let unknown = 0;
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(
        [
          'avg_rank_tier',
          'cluster',
          'dire_team',
          'duration',
          'game_mode',
          'lobby_type',
          'match_id',
          'match_seq_num',
          'num_rank_tier',
          'radiant_team',
          'radiant_win',
        ]
          .concat('start_time')
          .sort(),
      );
      expect(Number.isInteger(r.start_time)).toBe(true);
      expect(r.start_time).toBeGreaterThanOrEqual(start58);
      expect(r.start_time).toBeLessThan(end59);
      if (r.avg_rank_tier === null) unknown++;
      else {
        expect(r.avg_rank_tier).toBeGreaterThanOrEqual(11);
        expect(r.avg_rank_tier).toBeLessThanOrEqual(75);
        expect(r.avg_rank_tier % 10).toBeGreaterThanOrEqual(1);
        expect(r.avg_rank_tier % 10).toBeLessThanOrEqual(5);
      }
    }
    expect(unknown).toBeGreaterThan(0);
    const ids = rows.map((r) => r.match_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tracked players appear with their pool and planted edges', () => {
    const players = trackedPlayers('tp', 2);
    const truth = makeTruth({ seed: 'tp', trackedPlayers: players });
    const { playerMatches } = generateColumns(truth, { matches: 5000, seed: 'tp' });
    expect(playerMatches.length).toBeGreaterThan(100);
    for (const m of playerMatches) {
      const p = players.find((x) => x.accountId === m.accountId)!;
      expect(p.pool.some((h) => h.heroId === m.heroId)).toBe(true);
      expect((m.isRadiant ? m.radiant : m.dire)!.includes(m.heroId)).toBe(true);
    }
  });

  it('generateToFiles writes the rows, the truth and the players beside them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-dota-gen-'));
    try {
      const out = path.join(dir, 'm.ndjson');
      const r = generateToFiles({ matches: 300, seed: '9', out, tracked: 1 });
      const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(300);
      expect(JSON.parse(lines[0]!).radiant_team).toHaveLength(5);
      const truth = JSON.parse(fs.readFileSync(r.truthFile, 'utf8'));
      expect(truth.counter).toHaveLength(TRUTH_SIZE);
      expect(truth.trackedPlayers).toHaveLength(1);
      expect(fs.readFileSync(r.playersFile!, 'utf8').length).toBeGreaterThan(0);
      expect(() => generateToFiles({ matches: 0, seed: '9', out })).toThrow(/--matches/);
      expect(() => generateToFiles({ matches: 5, seed: '9', out: path.join(dir, 'no', 'x') })).toThrow(
        /cannot write/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'npx guildhall dota generate: same arguments, same bytes; bad arguments, one line and exit 2',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-dota-cli-'));
      try {
        const env = { GUILDHALL_DATA_DIR: dir };
        const a = await runCli(
          ['dota', 'generate', '--matches', '200', '--seed', '5', '--out', path.join(dir, 'a.ndjson')],
          env,
        );
        const b = await runCli(
          ['dota', 'generate', '--matches', '200', '--seed', '5', '--out', path.join(dir, 'b.ndjson')],
          env,
        );
        expect(a.code).toBe(0);
        expect(b.code).toBe(0);
        expect(lastLine(a.stdout)).toMatch(/wrote 200 matches/);
        expect(
          fs.readFileSync(path.join(dir, 'a.ndjson')).equals(fs.readFileSync(path.join(dir, 'b.ndjson'))),
        ).toBe(true);
        expect(fs.existsSync(path.join(dir, 'a.ndjson.truth.json'))).toBe(true);
        const bad = await runCli(['dota', 'generate', '--matches', 'x', '--out', path.join(dir, 'c')], env);
        expect(bad.code).toBe(2);
        expect(bad.stderr.trim().split('\n')).toHaveLength(1);
        expect(fs.existsSync(path.join(dir, 'c'))).toBe(false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    SPAWNS_TIMEOUT,
  );
});
