import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedUpload {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  /** The request body after gunzip. */
  raw: Buffer;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Never answer (for timeouts). */
  | { hang: true };

export const ACCEPTED: Reply = {
  status: 200,
  body: {
    uploadId: 'up_1',
    unchanged: false,
    summary: { added: 2, updated: 1, inactivated: 0, reactivated: 0, snapshots: 144, chatDays: 12 },
  },
};

export function errorReply(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return { status, headers, body: { error: { code, message } } };
}

export interface FakeServer {
  url: string;
  port: number;
  received: ReceivedUpload[];
  close(): Promise<void>;
}

/**
 * A Guildhall stand-in on 127.0.0.1 that answers uploads with `replies` in order, then 200s.
 * Pass `port` to come back up on the port of an earlier instance.
 */
export async function startFakeServer(replies: Reply[] = [], port = 0): Promise<FakeServer> {
  const received: ReceivedUpload[] = [];
  const queue = [...replies];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
      received.push({ method: request.method, url: request.url, headers: request.headers, raw });
      const reply = queue.shift() ?? ACCEPTED;
      if ('hang' in reply) return;
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that nothing listens on (was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const probe = await startFakeServer();
  await probe.close();
  return probe.port;
}
