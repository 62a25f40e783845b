import type { Readable } from 'node:stream';
import { HEAD_BYTES } from '@guildhall/combat-log';
import {
  type TCombatLogUploadQuery,
  zCombatLogFileId,
  zCombatLogImportResult,
  zCombatLogStatus,
  zCombatLogUploadQuery,
  zErrorBody,
  zId,
  zIdParams,
} from '@guildhall/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard, type Need } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { createGunzipStream } from '../../core/gunzip';
import { createKeyedMutex } from '../../core/keyed-mutex';
import { observeUpload } from '../../core/metrics';
import { recordApiKeyUpload } from '../access';
import { guessLogYear, importCombatLog, readImportCheckpoint, requireCombatLogId } from './combat-log-import';

/**
 * The combat log upload. The body is never held whole: it streams (gunzipped when it starts
 * with gzip's magic bytes, whatever the headers say) through the same import as the CLI's, a
 * chunk at a time, checkpointed. Resumable by byte offset: `GET …/combat-log/:fileId` tells how
 * far a log is imported, and a body may start there (`?offset=N&fileId=…`); a body sent whole
 * again skips what is already imported.
 */

/** Bounds of one request: log text (decompressed) and bytes on the wire. */
export const COMBAT_LOG_MAX_BYTES = 16 * 1024 ** 3;

const need: Need = { module: 'telemetry', level: 'manage', scope: 'telemetry' };
const zParams = zIdParams;

/** Counts bytes through a stream, failing past `max`. */
async function* bounded(source: AsyncIterable<Buffer>, max: number, what: string): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const piece of source) {
    seen += piece.length;
    if (seen > max) throw new AppError('UPLOAD_TOO_LARGE', `${what} is larger than ${max} bytes`);
    yield piece;
  }
}

/** The body as log text: gunzipped when it is gzip, and its first bytes read ahead. */
async function openBody(raw: Readable): Promise<{ head: Buffer; source: AsyncIterable<Uint8Array> }> {
  const it = bounded(raw, COMBAT_LOG_MAX_BYTES, 'the request body')[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new AppError('UPLOAD_NOT_RECOGNISED', 'the upload is empty');
  const rest = (async function* () {
    yield first.value;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  let text: AsyncIterator<Buffer> = rest;
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) {
    const gunzip = createGunzipStream();
    void (async () => {
      try {
        for await (const piece of rest)
          if (!gunzip.write(piece)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (err) {
        gunzip.destroy(err as Error);
      }
    })();
    text = (async function* () {
      try {
        yield* gunzip as AsyncIterable<Buffer>;
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('INVALID_GZIP', `the body is not readable gzip: ${(err as Error).message}`);
      }
    })();
  }
  const limited = bounded({ [Symbol.asyncIterator]: () => text }, COMBAT_LOG_MAX_BYTES, 'the combat log')[
    Symbol.asyncIterator
  ]();
  // Read ahead to the first line (or HEAD_BYTES), then hand on everything read.
  const ahead: Buffer[] = [];
  let held = 0;
  for (;;) {
    if (held > HEAD_BYTES || ahead.some((b) => b.includes(10))) break;
    const next = await limited.next();
    if (next.done) break;
    ahead.push(next.value);
    held += next.value.length;
  }
  const head = Buffer.concat(ahead);
  const source = (async function* () {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await limited.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  return { head, source };
}

/** The alias routes without `:id` serve the community of the API key (the agent knows no id). */
function keyCommunity(request: FastifyRequest): string {
  const p = request.principal;
  if (p.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'send an API key in X-API-Key');
  if (p.kind !== 'api_key')
    throw new AppError('FORBIDDEN', 'this route serves API keys; use /api/v1/communities/:id/…');
  if (!p.scopes.includes('telemetry'))
    throw new AppError('MISSING_SCOPE', 'this API key lacks the telemetry scope for this route');
  return p.communityId;
}

/** The community a request acts for, checked: `:id` against the caller's rights, or the key's own. */
async function communityOf(request: FastifyRequest, reply: FastifyReply): Promise<string> {
  const { id } = request.params as { id?: string };
  if (id === undefined) return keyCommunity(request);
  await guard(need)(request, reply);
  return request.access?.communityId ?? id;
}

const uploadSchema = {
  tags: ['telemetry'],
  summary: 'Import a WoW combat log (raw text or gzip), streamed and resumable',
  description:
    'Send `WoWCombatLog*.txt` as the body, plain or gzip, with an API key of scope `telemetry`. ' +
    'The log is named by its first line: sending it again imports nothing new, and a grown file ' +
    'imports only what was added. To send only the rest, ask `GET …/combat-log/{fileId}` for its ' +
    '`offset` and send the log from that byte with `?offset=…&fileId=…`. The same routes without ' +
    "`/communities/{id}` act for the API key's community.",
  querystring: zCombatLogUploadQuery,
  response: {
    200: zCombatLogImportResult,
    400: zErrorBody,
    401: zErrorBody,
    403: zErrorBody,
    404: zErrorBody,
    409: zErrorBody,
    413: zErrorBody,
    422: zErrorBody,
  },
};

export const combatLogRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const oneAtATime = createKeyedMutex();
  // This scope takes any body as a stream: the handler reads it at the import's pace.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const upload = (request: FastifyRequest, communityId: string, q: TCombatLogUploadQuery) =>
    observeUpload(
      'combatlog',
      (r) => r.offset - q.offset,
      () => importUpload(request, communityId, q),
    );
  const importUpload = async (request: FastifyRequest, communityId: string, q: TCombatLogUploadQuery) => {
    if (q.offset > 0 && q.fileId === undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        'fileId: required with an offset (the body lacks the first line)',
      );
    }
    if (request.body === undefined || request.body === null) {
      throw new AppError('UPLOAD_NOT_RECOGNISED', 'the upload is empty');
    }
    const body = await openBody(request.body as Readable);
    const name = q.name ?? 'WoWCombatLog.txt';
    const fileId = q.offset > 0 ? (q.fileId as string) : requireCombatLogId(body.head, name);
    if (q.fileId !== undefined && q.fileId !== fileId) {
      throw new AppError('CONFLICT', 'the fileId does not name this log: nothing imported');
    }
    const now = new Date();
    const summary = await oneAtATime.run(`${communityId}/${fileId}`, async () => {
      let head = body.head;
      if (q.offset > 0) {
        // The log's own first line is not in the body: the checkpoint kept it.
        const previous = await readImportCheckpoint(ctx.store, communityId, fileId);
        if (!previous) {
          throw new AppError('CONFLICT', 'nothing of this log is imported yet: send it from byte 0', {
            offset: 0,
          });
        }
        head = Buffer.from(`${previous.firstLine}\n`);
      }
      return importCombatLog(ctx.store, {
        communityId,
        head,
        name,
        year: guessLogYear(name, head, now),
        utcOffsetMinutes: q.utcOffset,
        source: body.source,
        sourceOffset: q.offset,
        now: () => new Date(),
      });
    });
    // The officer's "Connect a PC" guide shows each key's last upload, combat logs included.
    if (request.principal.kind === 'api_key') await recordApiKeyUpload(ctx.db, request.principal.keyId, now);
    return {
      fileId: summary.fileId,
      offset: summary.offset,
      resumedAt: summary.resumedAt,
      counts: summary.counts,
      added: summary.added,
    };
  };

  const status = async (communityId: string, fileId: string) => {
    const checkpoint = await readImportCheckpoint(ctx.store, communityId, fileId);
    if (!checkpoint) throw new AppError('NOT_FOUND', 'no import of this combat log');
    return {
      fileId: checkpoint.fileId,
      name: checkpoint.name,
      offset: checkpoint.parser.offset,
      counts: checkpoint.counts,
      updatedAt: checkpoint.updatedAt,
    };
  };

  for (const base of ['/api/v1/communities/:id/telemetry/combat-log', '/api/v1/telemetry/combat-log']) {
    const withId = base.includes(':id');
    app.post(
      base,
      {
        schema: { ...uploadSchema, ...(withId ? { params: zParams } : { hide: true }) },
        // Who may send is settled before a byte of the body is read.
        preParsing: async (request, reply, payload) => {
          await communityOf(request, reply);
          return payload;
        },
      },
      async (request, reply) =>
        upload(request, await communityOf(request, reply), request.query as TCombatLogUploadQuery),
    );
    app.get(
      `${base}/:fileId`,
      {
        schema: {
          tags: ['telemetry'],
          summary: 'How much of a combat log is imported (send the rest from `offset`)',
          ...(withId ? {} : { hide: true }),
          params: withId
            ? z.object({ id: zId, fileId: zCombatLogFileId })
            : z.object({ fileId: zCombatLogFileId }),
          response: { 200: zCombatLogStatus, 401: zErrorBody, 403: zErrorBody, 404: zErrorBody },
        },
      },
      async (request, reply) =>
        status(await communityOf(request, reply), (request.params as { fileId: string }).fileId),
    );
  }
};
