import { zErrorBody, zIdParams, zTelemetryIngestHeaders, zTelemetryIngestResult } from '@guildhall/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { ingestTelemetry, type TelemetrySender } from './ingest.service';
import { isTelemetryBody, readTelemetryBody } from './ingest-body';

/** Content types a batch may come as; gzip is a Content-Encoding on any of them. */
const BATCH_TYPES = ['application/json', 'application/x-ndjson', 'application/ndjson', 'application/jsonl'];

/**
 * Only an API key of this community with the `telemetry` scope sends events (a sender holds a
 * key that can do nothing else). Checked when the request arrives, before the body is read.
 */
function senderOf(request: FastifyRequest): TelemetrySender {
  const p = request.principal;
  const { id } = request.params as { id?: string };
  if (p.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'send an API key in X-API-Key');
  if (p.kind !== 'api_key')
    throw new AppError('FORBIDDEN', 'telemetry events are sent with an API key holding the telemetry scope');
  if (p.communityId !== id) throw new AppError('FORBIDDEN', 'this API key belongs to another community');
  if (!p.scopes.includes('telemetry'))
    throw new AppError('MISSING_SCOPE', 'this API key lacks the telemetry scope');
  return { communityId: p.communityId, apiKeyId: p.keyId };
}

/**
 * `POST /api/v1/communities/:id/telemetry/events`. Its own plugin: the raw-body parser (JSON
 * array or NDJSON, plain or gzip, one size limit) applies to this route only.
 */
export const ingestRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const limit = ctx.config.TELEMETRY_BODY_LIMIT_BYTES;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(BATCH_TYPES, (request, payload, done) => {
    const length = request.headers['content-length'];
    readTelemetryBody(
      payload,
      {
        contentEncoding: request.headers['content-encoding'],
        ...(length !== undefined && /^\d+$/.test(length) ? { contentLength: Number(length) } : {}),
      },
      limit,
    ).then(
      (body) => done(null, body),
      (err: Error) => done(err, undefined),
    );
  });

  app.post(
    '/api/v1/communities/:id/telemetry/events',
    {
      bodyLimit: limit,
      schema: {
        tags: ['telemetry'],
        summary: 'Send raid combat events (a JSON array or NDJSON, gzip allowed)',
        description: [
          'Events in the raid-savior event model, as a JSON array (`application/json`) or one event per line (`application/x-ndjson`), optionally with `Content-Encoding: gzip`; at most `TELEMETRY_BODY_LIMIT_BYTES` (16 MiB) on the wire and decompressed (413 past it). Needs an API key of the community with the `telemetry` scope.',
          'Each event is judged on its own: the valid ones are stored and go out on live streams; each refused one is listed by index with the field and the reason (a timestamp without a time zone is one of them). 201 when all were stored, 207 when some were refused, 400 `TELEMETRY_EVENTS_REJECTED` (the same list in `details`) when none was valid. A body that is not JSON, not an array, empty, or an NDJSON line that is not JSON is a 400 that stores nothing (the line number is given).',
          'With an `Idempotency-Key` header, a retried batch gets the first answer again (header `Idempotent-Replayed: true`) and stores nothing twice; the same key with another body is a 422 `IDEMPOTENCY_KEY_REUSED`; a retry while the first request still runs is a 409 `IDEMPOTENCY_KEY_IN_PROGRESS`. Keys are remembered for 24 hours, per community.',
        ].join('\n\n'),
        params: zIdParams,
        headers: zTelemetryIngestHeaders,
        response: {
          201: zTelemetryIngestResult,
          207: zTelemetryIngestResult,
          400: zErrorBody,
          401: zErrorBody,
          403: zErrorBody,
          409: zErrorBody,
          413: zErrorBody,
          415: zErrorBody,
          422: zErrorBody,
        },
      },
      onRequest: async (request) => {
        senderOf(request);
      },
    },
    async (request, reply) => {
      const sender = senderOf(request);
      const body: unknown = request.body;
      if (!isTelemetryBody(body))
        throw new AppError(
          'TELEMETRY_EMPTY_BATCH',
          'send the events as application/json or application/x-ndjson',
        );
      const answer = await ingestTelemetry(ctx, sender, body, request.headers['idempotency-key']);
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(answer.status).send(answer.body);
    },
  );
};
