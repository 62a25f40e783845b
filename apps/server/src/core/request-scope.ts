import type { Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runInLogScope } from './logger';
import { failSpan, runInSpan, SpanKind, startSpan } from './tracing';

interface Scope {
  reqId: string;
  span: Span | undefined;
}

const scopes = new WeakMap<FastifyRequest, Scope>();

/** Continues the rest of a request's lifecycle inside its log scope and its span. */
const enter = (scope: Scope, done: () => void) =>
  runInLogScope({ reqId: scope.reqId }, () => runInSpan(scope.span, done));

/**
 * Every request runs in its scope: the log lines written while it is handled carry its id
 * (`reqId`, as Fastify's request.log does) and, with tracing on, one server span is its trace's
 * root, under which the database statements and outside calls it makes become children.
 * Entered again before validation: the body is read from socket events, outside the scope
 * the `onRequest` hook opened (what @fastify/request-context does too).
 */
export function registerRequestScope(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const span = startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'url.path': request.url.split('?')[0] ?? request.url,
        'guildhall.request_id': request.id,
      },
    });
    const scope = { reqId: request.id, span };
    scopes.set(request, scope);
    enter(scope, done);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = scopes.get(request);
    if (scope) enter(scope, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = scopes.get(request)?.span;
    scopes.delete(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) failSpan(span, new Error(`answered ${reply.statusCode}`));
      span.end();
    }
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    const span = scopes.get(request)?.span;
    scopes.delete(request);
    if (span) {
      span.setAttribute('guildhall.aborted', true);
      span.end();
    }
    done();
  });
}
