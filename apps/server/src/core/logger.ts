import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

/** Header and field paths whose values never reach a log line. */
export const redactPaths = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.key',
  '*.token',
  '*.secret',
  '*.password',
  '*.fields',
];

/** What ties a log line to its cause: the request (`reqId`) or the job run (`job`, `runId`). */
export type LogScope = { reqId: string } | { job: string; runId: number };

const scopes = new AsyncLocalStorage<LogScope>();

/**
 * Runs `fn` (and everything it awaits or schedules) inside a request's or a job run's scope:
 * every line logged meanwhile through any logger of the process carries its ids, so code deep in
 * a service logs through `ctx.log` without a logger handed down to it.
 */
export const runInLogScope = <T>(scope: LogScope, fn: () => T): T => scopes.run(scope, fn);

export const currentLogScope = (): LogScope | undefined => scopes.getStore();

/** Marks a logger whose bindings already carry its scope's ids (Fastify's request.log, a job's log). */
const carriesIds = Symbol('carriesIds');

export function withOwnIds<L extends object>(logger: L): L {
  // pino's children inherit from their parent (Object.create), so they carry the mark too.
  Object.defineProperty(logger, carriesIds, { value: true });
  return logger;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      mixin: (_line, _level, logger) =>
        (logger as { [carriesIds]?: boolean })[carriesIds] ? {} : (scopes.getStore() ?? {}),
    },
    destination,
  );
}
