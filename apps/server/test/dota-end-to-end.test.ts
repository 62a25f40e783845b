import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import type { AppContext } from '../src/core/context';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import type { DotaTruth } from '../src/modules/dota/synthetic/truth';
import { configFor, openRestored, tempDir } from './backup-fixtures';
import { lastLine, runCli, SPAWNS_TIMEOUT } from './cli-process';
import { offline } from './fakes/server';

/**
 * The dota module as other tools drive it, through its real parts only: `dota generate`,
 * `dota import` and `dota build-models` from the command line, then GraphQL and a draft room
 * on the server over the models they built.
 */
const dataDir = tempDir('dota-e2e');
const env = { ...offline, GUILDHALL_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' };
let ctx: AppContext;
let app: FastifyInstance;
let communityId: string;
let truth: DotaTruth;

const pearson = (xs: number[], ys: number[]) => {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
    syy += ((ys[i] as number) - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
};

beforeAll(async () => {
  const file = path.join(dataDir, 'matches.ndjson');
  const generated = await runCli(
    ['dota', 'generate', '--matches', '40000', '--seed', 'e2e', '--out', file],
    env,
  );
  expect(generated.code, generated.stderr).toBe(0);
  truth = JSON.parse(fs.readFileSync(`${file}.truth.json`, 'utf8'));

  const created = await runCli(['community', 'create', '--name', 'Ancients', '--game', 'dota'], env);
  expect(created.code, created.stderr).toBe(0);
  communityId = lastLine(created.stdout);
  const imported = await runCli(['dota', 'import', file, '--community', communityId], env);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toMatch(/40[,.]?000/);
  const built = await runCli(['dota', 'build-models', '--community', communityId], env);
  expect(built.code, built.stderr).toBe(0);

  ctx = await openRestored(configFor(dataDir));
  app = await buildApp(ctx);
  await app.ready();
}, SPAWNS_TIMEOUT);

afterAll(async () => {
  await app?.close();
  await ctx?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const gql = async (key: string, query: string, variables: Record<string, unknown>) => {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    payload: { query, variables },
  });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { data?: Record<string, unknown>; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, unknown>;
};

it('serves models built from imported matches: strengths near the truth, suggestions with their reasons', async () => {
  const { key } = await createApiKey(ctx, communityId, { name: 'e2e', scopes: ['read'] }, cliActor);
  const data = await gql(
    key,
    `query($c: ID!) { model(communityId: $c) { matches bracket } strengths(communityId: $c) { heroId estimate { value games } } }`,
    { c: communityId },
  );
  // The served model is fitted on 90 % of the matches; the rest measured its calibration.
  const model = data.model as { matches: number; bracket: number };
  expect(model.bracket).toBe(0);
  expect(model.matches).toBeGreaterThan(0.85 * 40_000);
  expect(model.matches).toBeLessThanOrEqual(40_000);
  const strengths = data.strengths as { heroId: number; estimate: { value: number; games: number } }[];
  expect(strengths.length).toBeGreaterThan(100);
  const r = pearson(
    strengths.map((s) => s.estimate.value),
    strengths.map((s) => truth.strength[s.heroId] as number),
  );
  expect(r).toBeGreaterThan(0.7);

  const [ally, enemy, ban] = truth.heroIds;
  const suggestions = (
    await gql(
      key,
      `query($c: ID!, $a: [Int!], $e: [Int!], $b: [Int!]) {
        suggestions(communityId: $c, allies: $a, enemies: $e, bans: $b, limit: 150) { heroId winProbability reasons { kind heroId delta games } }
      }`,
      { c: communityId, a: [ally], e: [enemy], b: [ban] },
    )
  ).suggestions as {
    heroId: number;
    winProbability: number;
    reasons: { kind: string; heroId: number | null; games: number }[];
  }[];
  expect(suggestions.length).toBeGreaterThan(100);
  expect(suggestions.map((s) => s.heroId)).not.toContain(ban);
  const probabilities = suggestions.map((s) => s.winProbability);
  expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  const reasons = suggestions[0]?.reasons ?? [];
  expect(reasons.find((x) => x.kind === 'counter')).toMatchObject({ heroId: enemy });
  expect(reasons.find((x) => x.kind === 'synergy')).toMatchObject({ heroId: ally });
  expect(reasons.every((x) => x.games > 0)).toBe(true);
});

it('opens a draft room on the same community', async () => {
  const { key } = await createApiKey(ctx, communityId, { name: 'rooms', scopes: ['read'] }, cliActor);
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/communities/${communityId}/dota/rooms`,
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    payload: { mode: 'captains_mode' },
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).toMatchObject({ wsPath: expect.stringMatching(/^\/ws\/draft\//) });
});
