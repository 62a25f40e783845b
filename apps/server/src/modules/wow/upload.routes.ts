import { zErrorBody, zUploadResult } from '@guildhall/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { observeUpload } from '../../core/metrics';
import { ingestFile, ingestLegacyBatch, type Uploader } from './upload.service';
import { readUploadBody, type UploadBody } from './upload-body';

const zUploadHeaders = z.object({
  'x-content-sha256': z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'hex SHA-256 of the uncompressed bytes')
    .optional(),
  'x-source-file': z.string().max(1000).optional(),
});

const isUploadBody = (body: unknown): body is UploadBody =>
  typeof body === 'object' && body !== null && Buffer.isBuffer((body as UploadBody).bytes);

/** Only an API key with the `upload` scope uploads; it is checked before the body is read. */
function uploaderOf(request: FastifyRequest): Uploader {
  const p = request.principal;
  if (p.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 'send an API key in X-API-Key');
  if (p.kind !== 'api_key') throw new AppError('FORBIDDEN', 'uploads need an API key with the upload scope');
  if (!p.scopes.includes('upload'))
    throw new AppError('MISSING_SCOPE', 'this API key lacks the upload scope');
  return { communityId: p.communityId, apiKeyId: p.keyId, actor: actorOf(p) };
}

/**
 * `POST /api/upload`: the agent's gzipped (or plain) SavedVariables file, or a legacy bridge
 * JSON batch. A raw-body parser is registered in this plugin's scope only, with its own limits.
 */
export const uploadRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const limits = {
    maxBytes: ctx.config.UPLOAD_LIMIT_BYTES,
    maxDecompressedBytes: ctx.config.UPLOAD_DECOMPRESSED_LIMIT_BYTES,
  };
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', (request, payload, done) => {
    const length = request.headers['content-length'];
    readUploadBody(
      payload,
      {
        contentEncoding: request.headers['content-encoding'],
        contentType: request.headers['content-type'],
        ...(length !== undefined && /^\d+$/.test(length) ? { contentLength: Number(length) } : {}),
      },
      limits,
    ).then(
      (body) => done(null, body),
      (err: Error) => done(err, undefined),
    );
  });

  app.post(
    '/api/upload',
    {
      bodyLimit: ctx.config.UPLOAD_LIMIT_BYTES,
      schema: {
        tags: ['wow'],
        summary: 'Upload GuildActivityTracker.lua (gzip or plain) or a legacy bridge JSON batch',
        description:
          'Send the file with `Content-Encoding: gzip` (or `Content-Type: application/gzip`) or as plain text, with an API key holding the `upload` scope. An unchanged file (same SHA-256) answers `unchanged: true` and writes nothing.',
        headers: zUploadHeaders,
        response: {
          200: zUploadResult,
          400: zErrorBody,
          401: zErrorBody,
          403: zErrorBody,
          413: zErrorBody,
          415: zErrorBody,
          422: zErrorBody,
        },
      },
      preParsing: async (request, _reply, payload) => {
        uploaderOf(request);
        return payload;
      },
    },
    async (request) => {
      const uploader = uploaderOf(request);
      const body: unknown = request.body;
      if (isUploadBody(body)) {
        return observeUpload('savedvariables', body.receivedBytes, () =>
          ingestFile(ctx, uploader, {
            body,
            ...(request.headers['x-content-sha256']
              ? { declaredSha256: request.headers['x-content-sha256'] }
              : {}),
            ...(request.headers['x-source-file'] ? { source: request.headers['x-source-file'] } : {}),
          }),
        );
      }
      if (body === undefined || body === null)
        throw new AppError('UPLOAD_NOT_RECOGNISED', 'the upload is empty');
      return ingestLegacyBatch(ctx, uploader, { body });
    },
  );
};
