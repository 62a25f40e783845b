import { zErrorBody, zIdParams, zTelemetryStreamQuery } from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { errorResponses } from '../../core/http';
import { type SseOptions, SseStream } from '../../core/sse';
import { liveChannel, readLiveMessage } from './live';

export const STREAM_OPTIONS: SseOptions = { heartbeatMs: 15_000, maxBufferedBytes: 4 * 1024 * 1024 };

/**
 * `GET /api/v1/communities/:id/telemetry/stream`: accepted events as Server-Sent Events, as
 * they arrive on any API process (the community's pub/sub channel). Read access: a `read` key,
 * or a member with view on telemetry.
 */
export const streamRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; options?: SseOptions }> = async (
  app,
  { ctx, options = STREAM_OPTIONS },
) => {
  const open = new Set<SseStream>();
  // Open streams would hold the server's close forever: end them first.
  app.addHook('preClose', async () => {
    for (const stream of [...open]) stream.end();
  });

  app.get(
    '/api/v1/communities/:id/telemetry/stream',
    {
      schema: {
        tags: ['telemetry'],
        summary: 'Live raid events as Server-Sent Events',
        description:
          'A `text/event-stream` of the events accepted from now on (no history): one `telemetry` event per raid event, its `data` the stored event as JSON; a comment every 15 s keeps the connection open. `raid` keeps one raid; without it, every raid of the community. A client that leaves more than 4 MiB unread is disconnected (reconnect to carry on).',
        params: zIdParams,
        querystring: zTelemetryStreamQuery,
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses, 503: zErrorBody },
      },
      preHandler: guard({ module: 'telemetry', level: 'view', scope: 'read' }),
    },
    async (request, reply) => {
      const { raid } = request.query;
      const res = reply.raw;
      let stream: SseStream | undefined;
      const unsubscribe = await ctx.pubsub
        .subscribe(liveChannel(request.params.id), (message) => {
          if (!stream) return;
          const { raidId, lines } = readLiveMessage(message);
          if (raid === undefined || raidId === raid) stream.write(SseStream.frames('telemetry', lines));
        })
        .catch((err: unknown) => {
          request.log.warn({ err }, 'telemetry stream: subscribe failed');
          throw new AppError('UNAVAILABLE', 'live streams are unavailable right now: retry in a moment');
        });
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // nginx and the like would hold events back to fill a buffer.
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      const s = new SseStream(res, options, () => {
        open.delete(s);
        void unsubscribe().catch((err: unknown) =>
          ctx.log.warn({ err }, 'telemetry stream: unsubscribe failed'),
        );
      });
      stream = s;
      open.add(s);
      // Headers and a first line now: the client knows the stream is live before any event.
      s.write(': connected\n\n');
    },
  );
};
