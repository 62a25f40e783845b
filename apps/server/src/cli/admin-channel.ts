import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../core/context';
import { AppError, type ErrorCode, errorCatalogue } from '../core/errors';
import { randomToken, safeEqual } from '../core/secrets';
import { runOperation } from './operations';

/**
 * PGlite admits one process. While `serve` holds the embedded database, CLI commands on the
 * same data directory are handed to it over a loopback-only route, authenticated by a
 * token the server writes (mode 0600) into the data directory.
 */
export interface AdminChannelInfo {
  url: string;
  token: string;
  pid: number;
}

export const adminChannelFile = (dataDir: string) => path.join(dataDir, 'admin.json');
const TOKEN_HEADER = 'x-guildhall-admin-token';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function registerAdminChannel(app: FastifyInstance, ctx: AppContext, token: string): void {
  app.post(
    '/api/internal/cli',
    {
      schema: { hide: true, body: z.object({ op: z.string(), args: z.unknown() }) },
      config: { rateLimit: false },
    },
    async (request) => {
      const given = request.headers[TOKEN_HEADER];
      if (
        !LOOPBACK.has(request.socket.remoteAddress ?? '') ||
        typeof given !== 'string' ||
        !safeEqual(given, token)
      ) {
        throw new AppError('FORBIDDEN', 'the admin channel answers the local CLI only');
      }
      const { op, args } = request.body as { op: string; args: unknown };
      return { lines: await runOperation(ctx, op, args) };
    },
  );
}

export const newAdminToken = () => randomToken(32);

export function writeAdminChannel(dataDir: string, info: AdminChannelInfo): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = adminChannelFile(dataDir);
  fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

export function removeAdminChannel(dataDir: string): void {
  try {
    const info = JSON.parse(fs.readFileSync(adminChannelFile(dataDir), 'utf8')) as AdminChannelInfo;
    if (info.pid === process.pid) fs.rmSync(adminChannelFile(dataDir), { force: true });
  } catch {
    // nothing to remove
  }
}

/** The running server's channel, if one is alive on this data directory. */
export function readAdminChannel(dataDir: string): AdminChannelInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(adminChannelFile(dataDir), 'utf8')) as AdminChannelInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

export async function callAdminChannel(info: AdminChannelInfo, op: string, args: unknown): Promise<string[]> {
  const res = await fetch(`${info.url}/api/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: info.token },
    body: JSON.stringify({ op, args }),
    signal: AbortSignal.timeout(15 * 60_000),
  });
  const body = (await res.json()) as { lines?: string[]; error?: { code: string; message: string } };
  if (!res.ok || !body.lines) {
    const code = body.error?.code;
    throw new AppError(
      code && Object.hasOwn(errorCatalogue, code) ? (code as ErrorCode) : 'INTERNAL',
      body.error?.message ?? `the server answered HTTP ${res.status}`,
    );
  }
  return body.lines;
}
