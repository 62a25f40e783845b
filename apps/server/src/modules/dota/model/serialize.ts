import { zDotaModelKey } from '@guildhall/contracts';
import { z } from 'zod';
import { DotaModel, type DotaModelData, SIZE } from './model-set';

/**
 * A built model as bytes (for the object store and Redis): `GHDM`, a format version (u32), the
 * header's length (u32), the header (JSON: key, counts, priors, calibration), zero padding to a
 * multiple of 8, then the arrays as little-endian float64 in `ARRAYS` order, each sized by the
 * largest hero id (+1) or its square. About 1.2 MB per model.
 */
const MAGIC = 0x4d444847; // "GHDM" little-endian
const VERSION = 1;
const ARRAYS = [
  ['strength', 1],
  ['strengthSe', 1],
  ['strengthGames', 1],
  ['counter', 2],
  ['counterSe', 2],
  ['counterGames', 2],
  ['synergy', 2],
  ['synergySe', 2],
  ['synergyGames', 2],
] as const;

const zHeader = z.object({
  key: zDotaModelKey,
  builtAt: z.string(),
  matches: z.number().int().nonnegative(),
  radiantBias: z.number(),
  radiantBiasSe: z.number(),
  counterSd: z.number(),
  synergySd: z.number(),
  size: z.literal(SIZE),
  calibration: z
    .object({
      matches: z.number(),
      auc: z.number(),
      logLoss: z.number(),
      ece: z.number(),
      bins: z.array(z.object({ predicted: z.number(), observed: z.number(), matches: z.number() })),
    })
    .nullable(),
});

export class ModelFormatError extends Error {}

export function encodeModel(model: DotaModel): Buffer {
  const d = model.data;
  const header = Buffer.from(
    JSON.stringify({
      key: d.key,
      builtAt: d.builtAt,
      matches: d.matches,
      radiantBias: d.radiantBias,
      radiantBiasSe: d.radiantBiasSe,
      counterSd: d.counterSd,
      synergySd: d.synergySd,
      size: SIZE,
      calibration: d.calibration,
    }),
  );
  const headEnd = Math.ceil((12 + header.length) / 8) * 8;
  const total = headEnd + ARRAYS.reduce((s, [, dim]) => s + 8 * SIZE ** dim, 0);
  const out = Buffer.alloc(total);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 12);
  let at = headEnd;
  for (const [name] of ARRAYS) {
    const arr = d[name];
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(out, at);
    at += arr.byteLength;
  }
  return out;
}

export function decodeModel(buf: Buffer): DotaModel {
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC)
    throw new ModelFormatError('not a Guildhall dota model');
  if (buf.readUInt32LE(4) !== VERSION)
    throw new ModelFormatError(`unknown model format ${buf.readUInt32LE(4)}`);
  const len = buf.readUInt32LE(8);
  if (12 + len > buf.length) throw new ModelFormatError('truncated model header');
  let header: z.infer<typeof zHeader>;
  try {
    header = zHeader.parse(JSON.parse(buf.subarray(12, 12 + len).toString('utf8')));
  } catch (err) {
    throw new ModelFormatError(`bad model header: ${err instanceof Error ? err.message : String(err)}`);
  }
  const headEnd = Math.ceil((12 + len) / 8) * 8;
  const expected = headEnd + ARRAYS.reduce((s, [, dim]) => s + 8 * SIZE ** dim, 0);
  if (buf.length !== expected)
    throw new ModelFormatError(`model is ${buf.length} bytes, expected ${expected}`);
  let at = headEnd;
  const arrays: Record<string, Float64Array> = {};
  for (const [name, dim] of ARRAYS) {
    const n = SIZE ** dim;
    // Copied out: the buffer may be a slice of a pooled one, not aligned to 8.
    const arr = new Float64Array(n);
    Buffer.from(arr.buffer).set(buf.subarray(at, at + 8 * n));
    arrays[name] = arr;
    at += 8 * n;
  }
  const data: DotaModelData = {
    key: header.key,
    builtAt: header.builtAt,
    matches: header.matches,
    radiantBias: header.radiantBias,
    radiantBiasSe: header.radiantBiasSe,
    counterSd: header.counterSd,
    synergySd: header.synergySd,
    calibration: header.calibration,
    strength: arrays.strength!,
    strengthSe: arrays.strengthSe!,
    strengthGames: arrays.strengthGames!,
    counter: arrays.counter!,
    counterSe: arrays.counterSe!,
    counterGames: arrays.counterGames!,
    synergy: arrays.synergy!,
    synergySe: arrays.synergySe!,
    synergyGames: arrays.synergyGames!,
  };
  return new DotaModel(data);
}
