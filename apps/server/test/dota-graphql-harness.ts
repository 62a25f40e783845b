import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app';
import type { ApiKeyScope } from '../src/modules/access';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { installDotaServices } from '../src/modules/dota';
import type { DotaServices } from '../src/modules/dota/types';
import { createTestContext, type TestContext } from './helpers';

/** The dashboard's origin in these tests (PUBLIC_URL): cookie writes come from it. */
export const ORIGIN = 'http://guildhall.test';

export interface GraphqlHarness extends TestContext {
  app: FastifyInstance;
}

/** A test app whose dota interfaces read `services` (installed before the app is built). */
export async function graphqlApp(
  services: DotaServices,
  opts: { webDist?: string; env?: Record<string, string> } = {},
): Promise<GraphqlHarness> {
  const t = await createTestContext({
    env: { RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_URL: ORIGIN, ...opts.env },
  });
  installDotaServices(t.ctx, services);
  const app = await buildApp(t.ctx, opts.webDist ? { webDist: opts.webDist } : {});
  await app.ready();
  return {
    ...t,
    app,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

export interface Gql {
  status: number;
  body: {
    data: Record<string, unknown> | null;
    errors?: { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } }[];
  };
}

/** POSTs one GraphQL operation with the given headers. */
export async function gql(
  app: FastifyInstance,
  query: string,
  opts: { variables?: Record<string, unknown>; headers?: InjectOptions['headers'] } = {},
): Promise<Gql> {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...opts.headers },
    payload: { query, ...(opts.variables ? { variables: opts.variables } : {}) },
  });
  return { status: res.statusCode, body: res.json() };
}

export async function apiKey(t: TestContext, communityId: string, scopes: ApiKeyScope[]): Promise<string> {
  const { key } = await createApiKey(t.ctx, communityId, { name: 'graphql test', scopes }, cliActor);
  return key;
}

export const codes = (r: Gql) => (r.body.errors ?? []).map((e) => e.extensions.code);
