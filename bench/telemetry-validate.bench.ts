/**
 * Batch validation of raid telemetry events (the HTTP ingest's CPU work) against JSON.parse
 * alone of the same bytes. Prints one JSON line.
 *
 *   node --import tsx bench/telemetry-validate.bench.ts
 *
 * 200 batches of 1,000 generated events (seeded), each a JSON array as the seed's clients post
 * it. `validate` = validateTelemetryBatch on the text (JSON.parse included); ratio = validate
 * throughput ÷ JSON.parse throughput (1 would be free validation).
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { validateTelemetryBatch } from '../packages/contracts/src/telemetry';
import { generateRaids } from '../packages/telemetry-gen/src/generate';

const BATCHES = 100;
const BATCH_SIZE = 1000;
const RUNS = 7;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const start = Date.parse('2026-01-01T20:00:00Z');
const events = [];
for (const raid of generateRaids({ seed: 'bench', raids: 40, eventsPerRaid: 6000, start, players: 25 })) {
  events.push(...raid.events);
  if (events.length >= BATCHES * BATCH_SIZE) break;
}
const batches: string[] = [];
for (let i = 0; i < BATCHES; i++) {
  batches.push(JSON.stringify(events.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE)));
}
const eventCount = batches.reduce((n, b) => n + (JSON.parse(b) as unknown[]).length, 0);
const bytes = batches.reduce((n, b) => n + Buffer.byteLength(b), 0);
const now = () => start + 90 * 86_400_000;

let rejected = 0;
const subjects = {
  jsonParse: () => {
    for (const b of batches) JSON.parse(b);
  },
  validate: () => {
    for (const b of batches) {
      const r = validateTelemetryBatch(b, { now });
      if (!r.ok) throw new Error(r.message);
      rejected += r.rejected.length;
    }
  },
};
type Name = keyof typeof subjects;
const best: Record<Name, number> = {
  jsonParse: Number.POSITIVE_INFINITY,
  validate: Number.POSITIVE_INFINITY,
};
const bestCpu: Record<Name, number> = { ...best };
for (const name of Object.keys(subjects) as Name[]) subjects[name]();
for (let i = 0; i < RUNS; i++) {
  for (const name of Object.keys(subjects) as Name[]) {
    collectGarbage();
    const t0 = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    subjects[name]();
    best[name] = Math.min(best[name], Number(process.hrtime.bigint() - t0) / 1e9);
    const used = process.cpuUsage(cpu);
    bestCpu[name] = Math.min(bestCpu[name], (used.user + used.system) / 1e6);
  }
}
if (rejected > 0) throw new Error(`${rejected} generated events were rejected`);

const round = (v: number) => Math.round(v);
console.log(
  JSON.stringify({
    bench: 'telemetry-validate',
    batches: BATCHES,
    batchSize: BATCH_SIZE,
    events: eventCount,
    sizeMB: Math.round((bytes / 1e6) * 10) / 10,
    validateEventsPerSec: round(eventCount / best.validate),
    jsonParseEventsPerSec: round(eventCount / best.jsonParse),
    validateMBps: Math.round((bytes / 1e6 / best.validate) * 10) / 10,
    jsonParseMBps: Math.round((bytes / 1e6 / best.jsonParse) * 10) / 10,
    vsJsonParse: Math.round((best.jsonParse / best.validate) * 100) / 100,
    validateEventsPerCpuSecond: round(eventCount / bestCpu.validate),
    jsonParseEventsPerCpuSecond: round(eventCount / bestCpu.jsonParse),
    vsJsonParsePerCpuSecond: Math.round((bestCpu.jsonParse / bestCpu.validate) * 100) / 100,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    targets: { eventsPerSec: 150_000, vsJsonParse: 0.5 },
    note:
      'best of interleaved runs after warm-up, each after a GC; validate includes its own JSON.parse; ' +
      '*PerCpuSecond divides by the CPU time the process got (less bent by other processes on a shared machine)',
  }),
);
