/**
 * Throughput of @guildhall/lua against luaparse and JSON.parse on a generated ~20 MB
 * GuildActivityTracker.lua. Prints one JSON line.
 *
 *   node --import tsx bench/lua-parse.bench.ts
 *
 * MB/s is always over each parser's own input: the Lua file for @guildhall/lua and luaparse,
 * the same data serialised with JSON.stringify for JSON.parse.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import luaparse from 'luaparse';
import { parseSavedVariables } from '../packages/lua/src/index';
import { GUILD_FILE, guildFile } from './guild-file';

const LUAPARSE_SLICE_BYTES = 2 * 1024 * 1024;
const RUNS = 10;
const MB = 1e6;

// A full collection before each timed run keeps one run's garbage out of the next one's time.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Subject {
  bytes: number;
  parse: () => unknown;
}

/**
 * Best-of-`runs` throughput in MB/s for each subject, after one warm-up run each. Runs are
 * interleaved so that load from other processes on a shared machine hits every subject alike.
 */
function measure<K extends string>(subjects: Record<K, Subject>, runs: number): Record<K, number> {
  const names = Object.keys(subjects) as K[];
  const best = {} as Record<K, number>;
  for (const name of names) {
    subjects[name].parse();
    best[name] = Number.POSITIVE_INFINITY;
  }
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      collectGarbage();
      const start = process.hrtime.bigint();
      subjects[name].parse();
      best[name] = Math.min(best[name], Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  const mbps = {} as Record<K, number>;
  for (const name of names) mbps[name] = subjects[name].bytes / MB / best[name];
  return mbps;
}

/** The file up to the first `data` entry after ~2 MB, closed so that it is valid on its own. */
function luaparseSlice(source: string): string {
  const cut = source.indexOf('\r\n\t\t["', LUAPARSE_SLICE_BYTES);
  return `${source.slice(0, cut)}\r\n\t},\r\n}\r\n`;
}

class TablePlan {
  constructor(
    readonly keys: string[],
    readonly values: unknown[],
  ) {}
}
class ListPlan {
  constructor(readonly items: unknown[]) {}
}

/** The parsed tree as key and value lists, with keys V8 has already internalised. */
function planOf(value: unknown): unknown {
  if (Array.isArray(value)) return new ListPlan(value.map(planOf));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  return new TablePlan(
    keys,
    keys.map((key) => planOf((value as Record<string, unknown>)[key])),
  );
}

/** Rebuilds the tree from a plan: the cost of creating the result objects, with no parsing. */
function build(plan: unknown): unknown {
  if (plan instanceof ListPlan) return plan.items.map(build);
  if (!(plan instanceof TablePlan)) return plan;
  const table: Record<string, unknown> = {};
  for (let i = 0; i < plan.keys.length; i++) table[plan.keys[i] as string] = build(plan.values[i]);
  return table;
}

const round = (value: number) => Math.round(value * 10) / 10;

const source = guildFile();
const sourceBytes = Buffer.byteLength(source);
const sourceBuffer = new TextEncoder().encode(source);
const parsed = parseSavedVariables(source);
const json = JSON.stringify(parsed);
const jsonBytes = Buffer.byteLength(json);
const slice = luaparseSlice(source);
const sliceBytes = Buffer.byteLength(slice);
const plan = planOf(parsed);

const luaparseOptions = { comments: false, locations: false, ranges: false };
const mbps = measure(
  {
    guildhall: { bytes: sourceBytes, parse: () => parseSavedVariables(source) },
    guildhallFromBytes: { bytes: sourceBytes, parse: () => parseSavedVariables(sourceBuffer) },
    jsonParse: { bytes: jsonBytes, parse: () => JSON.parse(json) },
    buildOnly: { bytes: sourceBytes, parse: () => build(plan) },
    luaparse: { bytes: sliceBytes, parse: () => luaparse.parse(slice, luaparseOptions) },
    guildhallSlice: { bytes: sliceBytes, parse: () => parseSavedVariables(slice) },
  },
  RUNS,
);

console.log(
  JSON.stringify({
    bench: 'lua-parse',
    sizeMB: round(sourceBytes / MB),
    jsonSizeMB: round(jsonBytes / MB),
    fixture: { members: GUILD_FILE.members, days: GUILD_FILE.days, snapshots: GUILD_FILE.snapshots },
    guildhallMBps: round(mbps.guildhall),
    guildhallFromBytesMBps: round(mbps.guildhallFromBytes),
    luaparseMBps: round(mbps.luaparse),
    guildhallSliceMBps: round(mbps.guildhallSlice),
    sliceMB: round(sliceBytes / MB),
    jsonParseMBps: round(mbps.jsonParse),
    objectBuildOnlyMBps: round(mbps.buildOnly),
    vsLuaparse: round(mbps.guildhallSlice / mbps.luaparse),
    vsJsonParse: Math.round((mbps.guildhall / mbps.jsonParse) * 100) / 100,
    note:
      'MB = 1e6 bytes of each parser’s own input; best of interleaved runs after warm-up, each after a GC; luaparse parses ' +
      'a 2 MB slice of the file to an AST only, and vsLuaparse compares both parsers on that slice; ' +
      'objectBuildOnly = creating the same result objects from pre-split keys and values (no parsing), ' +
      'per MB of Lua source',
  }),
);
