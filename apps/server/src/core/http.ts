import { zErrorBody } from '@guildhall/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, type ReadCache } from './cache';

export const errorResponses = { 400: zErrorBody, 401: zErrorBody, 403: zErrorBody, 404: zErrorBody } as const;

/**
 * Answers a read from the read-model cache with an ETag, computing it on a miss;
 * a matching If-None-Match gets 304 without a body. The body is serialised once per
 * cache fill, not per request.
 */
export async function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: ReadCache,
  key: string,
  compute: () => Promise<unknown>,
): Promise<FastifyReply> {
  const hit = cache.get(key) ?? cache.put(key, await compute());
  reply.header('etag', hit.etag).header('cache-control', 'no-cache');
  if (request.headers['if-none-match'] === hit.etag) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').serializer(rawJson).send(hit.body);
}

/** Sends an already serialised JSON string untouched. */
const rawJson = (payload: unknown) => payload as string;

/** Answers a computed JSON read with an ETag and 304 when unchanged (no cache). */
export async function sendWithEtag(
  request: FastifyRequest,
  reply: FastifyReply,
  value: unknown,
): Promise<FastifyReply> {
  const body = JSON.stringify(value);
  const etag = etagOf(body);
  reply.header('etag', etag).header('cache-control', 'no-cache');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').serializer(rawJson).send(body);
}
