import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string;
  /** Path without the query, percent-decoded. */
  path: string;
  /** Path as sent on the wire (still percent-encoded). */
  rawPath: string;
  /** Query string as sent on the wire (`?a=b`, still percent-encoded). */
  rawQuery: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A canned answer: a status, headers and a body (objects are sent as JSON). */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client's timeout fires). */
  hang?: boolean;
  /** Drop the connection without answering, as a provider restarting does. */
  refuse?: boolean;
  /** Send these raw bytes instead of JSON (malformed bodies). */
  raw?: string;
}

export type Handler = (req: SeenRequest) => FakeResponse | Promise<FakeResponse>;

/** A failure injected for the next matching request(s), then gone. */
interface Injection {
  match: (req: SeenRequest) => boolean;
  response: FakeResponse;
  times: number;
}

/**
 * A local HTTP server standing in for a provider: routes answer from fixtures, `inject`
 * queues failures (401, 404, 429 with Retry-After, 500, hangs, malformed bodies) for the
 * next matching requests, and `refuse` drops the connections of the next matching requests
 * (a provider restarting mid-batch).
 */
export class FakeServer {
  readonly requests: SeenRequest[] = [];
  private server: http.Server;
  private sockets = new Set<Socket>();
  private injections: Injection[] = [];
  private hanging = new Set<http.ServerResponse>();
  port = 0;
  /** Called after each request is answered (tests use it to act mid-batch). */
  onAnswered?: (req: SeenRequest, count: number) => void;

  constructor(private readonly handler: Handler) {
    this.server = this.create();
  }

  private create(): http.Server {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.answer(req, res, Buffer.concat(chunks).toString('utf8'));
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      rawPath: url.pathname,
      rawQuery: url.search,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    this.requests.push(seen);
    const injected = this.injections.find((i) => i.match(seen));
    let response: FakeResponse;
    if (injected) {
      injected.times -= 1;
      if (injected.times <= 0) this.injections.splice(this.injections.indexOf(injected), 1);
      response = injected.response;
    } else {
      try {
        response = await this.handler(seen);
      } catch (err) {
        response = { status: 500, body: { error: String(err) } };
      }
    }
    if (response.hang) {
      this.hanging.add(res);
      return;
    }
    if (response.refuse) {
      req.socket.destroy();
      return;
    }
    const payload = response.raw ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    res.writeHead(response.status, {
      ...(response.raw === undefined && response.body !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...response.headers,
    });
    res.end(payload);
    this.onAnswered?.(seen, this.requests.length);
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `times` requests matching `match` get `response` instead of the fixture. */
  inject(match: (req: SeenRequest) => boolean, response: FakeResponse, times = 1): void {
    this.injections.push({ match, response, times });
  }

  /**
   * The next `times` requests matching `match` have their connection dropped unanswered: an
   * outage measured in requests, not seconds, so the test reads the same on any machine.
   */
  refuse(match: (req: SeenRequest) => boolean, times: number): void {
    this.inject(match, { status: 0, refuse: true }, times);
  }

  clearInjections(): void {
    this.injections = [];
  }

  /** Stops answering: open connections are cut, new ones refused. */
  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.stop();
  }
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  body,
  headers,
});

/**
 * Every outside API pointed at a closed local port: a test that forgets to start a fake gets
 * a refused connection, never the real service.
 */
export const offline: Record<string, string> = {
  RAIDERIO_BASE_URL: 'http://127.0.0.1:9',
  WCL_BASE_URL: 'http://127.0.0.1:9',
  BLIZZARD_API_BASE_URL: 'http://127.0.0.1:9',
  BLIZZARD_OAUTH_BASE_URL: 'http://127.0.0.1:9',
  DISCORD_API_BASE_URL: 'http://127.0.0.1:9/api',
  WOM_BASE_URL: 'http://127.0.0.1:9',
  OPENDOTA_BASE_URL: 'http://127.0.0.1:9',
};
