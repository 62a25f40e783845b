/**
 * Dota model build from DOTA_BUILD_MATCHES (default 10,000,000) synthetic matches in one patch:
 * the whole `buildModelSets` as `dota build-models` runs it (held-out fit and calibration, the
 * fit of every row, then each rank bracket shrunk toward it), and the every-rank key alone.
 * Generating the matches is set-up, not measured. Prints one JSON line: wall seconds, and the
 * process's CPU seconds (on a shared, loaded machine the wall time also counts waiting turns).
 *
 *   DOTA_BUILD_MATCHES=10000000 node --import tsx bench/dota-build.bench.ts
 */
import { loadavg } from 'node:os';
import { buildModelSets } from '../apps/server/src/modules/dota/model/build';
import { buildKeyModel } from '../apps/server/src/modules/dota/model/build-key';
import { selectRows } from '../apps/server/src/modules/dota/model/design';
import { generateColumns } from '../apps/server/src/modules/dota/synthetic/generate';
import { makeTruth } from '../apps/server/src/modules/dota/synthetic/truth';

const N = Number(process.env.DOTA_BUILD_MATCHES ?? 10_000_000);
const truth = makeTruth({ seed: 'build' });
const g0 = performance.now();
const { columns } = generateColumns(truth, { matches: N, seed: 'build' });
const generateSeconds = (performance.now() - g0) / 1000;

const c0 = process.cpuUsage();
const t0 = performance.now();
const rows = selectRows(columns, 60, 0);
const single = buildKeyModel(columns, rows, { patch: 60, bracket: 0 }, { holdout: 0 });
const everyRankSeconds = (performance.now() - t0) / 1000;
const everyRankCpu = process.cpuUsage(c0);

const keys: string[] = [];
const c1 = process.cpuUsage();
const t1 = performance.now();
const models = buildModelSets(columns, { onKey: (p) => keys.push(`${p.key.patch}/${p.key.bracket}`) });
const allSeconds = (performance.now() - t1) / 1000;
const allCpu = process.cpuUsage(c1);
const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
const r = (x: number) => Math.round(x * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    bench: 'dota-build',
    matches: N,
    everyRankKeySeconds: r(everyRankSeconds),
    everyRankMatchesPerSecond: Math.round(N / everyRankSeconds),
    everyRankKeyCpuSeconds: r(cpuSeconds(everyRankCpu)),
    allKeysSeconds: r(allSeconds),
    allKeysCpuSeconds: r(cpuSeconds(allCpu)),
    keys: models.length,
    heldOutAuc: models[0]!.data.calibration?.auc,
    heldOutEce: models[0]!.data.calibration?.ece,
    counterSd: r(single.model.data.counterSd * 1000) / 1000,
    generateSeconds: r(generateSeconds),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
    loadavg: loadavg()[0],
  })}\n`,
);
