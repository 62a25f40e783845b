/**
 * Combat log import throughput: @guildhall/combat-log streaming a generated ~200 MB retail
 * (v22, advanced logging on) WoWCombatLog.txt of realistic lines, in 64 KiB chunks as a file
 * stream delivers them. Prints one JSON line.
 *
 *   node --import tsx bench/combat-log.bench.ts
 *
 * The mix follows a raid log: auras and other unused events (~40 % of lines, skipped without
 * splitting), spell and periodic damage, swings with their _LANDED twins, heals, casts,
 * energizes, _SUPPORT and SPELL_ABSORBED lines, COMBATANT_INFO and encounters.
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseCombatLog } from '../packages/combat-log/src/index';
import { generateRaidLog } from './combat-log-fixture';

const TARGET_BYTES = Number(process.env.COMBAT_LOG_BENCH_MB ?? 200) * 1e6;
const CHUNK = 64 * 1024;
const RUNS = 3;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const { parts, size, lines } = generateRaidLog(TARGET_BYTES);

async function* chunks(): AsyncGenerator<Buffer> {
  for (const part of parts) for (let i = 0; i < part.length; i += CHUNK) yield part.subarray(i, i + CHUNK);
}

let best = Number.POSITIVE_INFINITY;
let bestCpu = Number.POSITIVE_INFINITY;
let events = 0;
let raids = 0;
let pullRecords = 0;
for (let run = 0; run <= RUNS; run++) {
  collectGarbage();
  events = 0;
  raids = 0;
  pullRecords = 0;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for await (const batch of parseCombatLog(chunks(), { fileId: 'bench', year: 2025 })) {
    events += batch.events.length;
    raids += batch.raids.length;
    pullRecords += batch.pulls.filter((p) => p.outcome !== null).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  if (run > 0) {
    // run 0 warms up
    best = Math.min(best, seconds);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1e6);
  }
}

console.log(
  JSON.stringify({
    bench: 'combat-log',
    sizeMB: Math.round(size / 1e5) / 10,
    lines,
    events,
    raids,
    pulls: pullRecords,
    MBps: Math.round((size / 1e6 / best) * 10) / 10,
    MBpsPerCpuSecond: Math.round((size / 1e6 / bestCpu) * 10) / 10,
    linesPerSec: Math.round(lines / best),
    eventsPerSec: Math.round(events / best),
    target: { MBps: 50 },
    loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    note:
      'MB = 1e6 bytes of log text; best of 3 full runs after a warm-up run, each after a GC; 64 KiB chunks; ' +
      'MBpsPerCpuSecond divides by the CPU time the process got (user + system, GC threads included), ' +
      'a figure less bent by other processes on a shared machine',
  }),
);
