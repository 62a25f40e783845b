/**
 * Dota suggestions: latency of `DotaModelSet.suggest` for the full candidate list (every hero
 * not picked or banned, ranked, each with its reasons), over drafts at every stage (0–4 allies,
 * 0–5 enemies, up to 14 bans), with and without personal advantages. The model is built from
 * DOTA_SUGGEST_MATCHES synthetic matches (the size only changes the values, not the work).
 * Prints one JSON line: p50, p99 and max wall milliseconds (target p99 < 2 ms), and the p50 and
 * p99 of the call's CPU time (what it costs without the waits of a loaded machine).
 *
 *   node --import tsx bench/dota-suggest.bench.ts
 */
import { loadavg } from 'node:os';
import { buildKeyModel } from '../apps/server/src/modules/dota/model/build-key';
import { selectRows } from '../apps/server/src/modules/dota/model/design';
import { generateColumns } from '../apps/server/src/modules/dota/synthetic/generate';
import { createRng } from '../apps/server/src/modules/dota/synthetic/prng';
import { makeTruth } from '../apps/server/src/modules/dota/synthetic/truth';

const MATCHES = Number(process.env.DOTA_SUGGEST_MATCHES ?? 100_000);
const CALLS = Number(process.env.DOTA_SUGGEST_CALLS ?? 20_000);
const truth = makeTruth({ seed: 'suggest' });
const { columns } = generateColumns(truth, { matches: MATCHES, seed: 'suggest' });
const model = buildKeyModel(
  columns,
  selectRows(columns, 60, 0),
  { patch: 60, bracket: 0 },
  { holdout: 0 },
).model;
const ids = truth.heroIds;
const rng = createRng('drafts');

function draft() {
  const pool = [...ids];
  const take = (k: number) => Array.from({ length: k }, () => pool.splice(rng.int(pool.length), 1)[0]!);
  const allies = take(rng.int(5));
  const enemies = take(rng.int(6));
  const bans = take(rng.int(15));
  const personal =
    rng.next() < 0.5
      ? take(3).map((heroId) => ({ heroId, score: 0.3, games: 40, wins: 25, expectedWins: 20 }))
      : [];
  return { state: { allies, enemies, bans }, personal };
}

const drafts = Array.from({ length: 1000 }, draft);
let sink = 0;
// Warm-up: let the JIT settle before measuring.
for (let i = 0; i < 2000; i++) {
  const d = drafts[i % drafts.length]!;
  sink += model.suggest(d.state, d.personal).length;
}
const times = new Float64Array(CALLS);
// CPU time of the call too: on a loaded machine wall time also counts the turns the process waits.
const cpu = new Float64Array(CALLS);
let candidates = 0;
for (let i = 0; i < CALLS; i++) {
  const d = drafts[i % drafts.length]!;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = model.suggest(d.state, d.personal);
  times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  cpu[i] = (c.user + c.system) / 1e3;
  candidates += out.length;
}
times.sort();
cpu.sort();
const at = (a: Float64Array, p: number) =>
  Math.round(a[Math.min(CALLS - 1, Math.floor(p * CALLS))]! * 1e4) / 1e4;
const q = (p: number) => at(times, p);
process.stdout.write(
  `${JSON.stringify({
    bench: 'dota-suggest',
    calls: CALLS,
    meanCandidates: Math.round(candidates / CALLS),
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    maxMs: q(1),
    cpuP50Ms: at(cpu, 0.5),
    cpuP99Ms: at(cpu, 0.99),
    targetP99Ms: 2,
    loadavg: loadavg()[0],
    sink: sink > 0,
  })}\n`,
);
