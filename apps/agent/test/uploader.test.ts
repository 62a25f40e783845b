import { describe, expect, it } from 'vitest';
import { captureFile, EXIT_FAILED, EXIT_OK, EXIT_REFUSED, runOnce } from '../src/agent';
import { spoolIdFor } from '../src/spool';
import { createFixture, savedVariables, sha256 } from './helpers/agent-fixture';
import { errorReply, startFakeServer, unusedPort } from './helpers/fake-server';

const never = new AbortController().signal;

describe('Uploader', () => {
  it('retries 503 twice, then delivers the file intact once', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([
      errorReply(503, 'BUSY', 'try later'),
      errorReply(503, 'BUSY', 'again'),
    ]);
    try {
      const raw = savedVariables(1);
      const captured = await captureFile(fx.spool, fx.file, raw, 'GuildActivityTracker.lua');
      expect(captured.kind).toBe('spooled');
      const id = spoolIdFor(fx.file);

      const outcome = await fx.uploader(server.url).deliver(id, never);

      expect(outcome.kind).toBe('delivered');
      expect(server.received).toHaveLength(3);
      const [last] = server.received.slice(-1);
      expect(last?.method).toBe('POST');
      expect(last?.url).toBe('/api/upload');
      expect(last?.raw.equals(raw)).toBe(true);
      expect(last?.headers['x-content-sha256']).toBe(sha256(raw));
      expect(last?.headers['x-api-key']).toBe('key-123');
      expect(last?.headers['content-encoding']).toBe('gzip');
      expect(last?.headers['content-type']).toBe('application/octet-stream');
      expect(last?.headers['x-source-file']).toBe('ACC1/GuildActivityTracker.lua');
      expect(last?.headers['user-agent']).toBe('guildhall-agent/0.1.0');
      // Full jitter with random() = 0.5: half of 1 s, then half of 2 s.
      expect(fx.sleeps).toEqual([500, 1000]);
      expect(fx.events.map((event) => event.type)).toEqual(['retrying', 'retrying', 'uploaded']);
      expect(await fx.spool.list()).toEqual([]);
      expect(await fx.spool.lastUploaded(id)).toBe(sha256(raw));
    } finally {
      await server.close();
    }
  });

  it('waits at least as long as Retry-After says on 429 (seconds) and 503 (HTTP date)', async () => {
    const fx = await createFixture();
    const now = Date.parse('2025-01-01T12:00:00Z');
    const server = await startFakeServer([
      errorReply(429, 'RATE_LIMITED', 'slow down', { 'Retry-After': '1' }),
      errorReply(503, 'MAINTENANCE', 'back soon', { 'Retry-After': new Date(now + 120_000).toUTCString() }),
    ]);
    try {
      await captureFile(fx.spool, fx.file, savedVariables(1), 'GuildActivityTracker.lua');
      const outcome = await fx
        .uploader(server.url, { random: () => 0, now: () => now })
        .deliver(spoolIdFor(fx.file), never);
      expect(outcome.kind).toBe('delivered');
      expect(fx.sleeps).toEqual([1_000, 120_000]);
    } finally {
      await server.close();
    }
  });

  it('keeps the upload in the spool while the server is down and sends it after a restart', async () => {
    const fx = await createFixture();
    const port = await unusedPort();
    const raw = savedVariables(1);
    await captureFile(fx.spool, fx.file, raw, 'GuildActivityTracker.lua');
    const id = spoolIdFor(fx.file);

    const first = await fx.uploader(`http://127.0.0.1:${port}`, { maxAttempts: 2 }).deliver(id, never);
    expect(first).toMatchObject({ kind: 'gave-up', attempts: 2, reason: 'connection refused' });
    expect((await fx.spool.list()).map((entry) => entry.sha256)).toEqual([sha256(raw)]);

    // "Restart": the server comes back, a new uploader runs over the same spool folder.
    const server = await startFakeServer([], port);
    try {
      const exitCode = await runOnce(
        {
          files: [],
          spool: fx.spool,
          uploader: fx.uploader(server.url),
          report: () => {},
          settleMs: 0,
          pollMs: 100,
        },
        never,
      );
      expect(exitCode).toBe(EXIT_OK);
      expect(server.received).toHaveLength(1);
      expect(server.received[0]?.raw.equals(raw)).toBe(true);
      expect(await fx.spool.list()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('stops on 401 with a clear message and exit code 3, without retrying or losing the file', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([errorReply(401, 'INVALID_API_KEY', 'unknown key')]);
    try {
      await fx.write(savedVariables(1));
      const exitCode = await runOnce(
        {
          files: [fx.file],
          spool: fx.spool,
          uploader: fx.uploader(server.url),
          report: (event) => fx.events.push(event),
          settleMs: 0,
          pollMs: 100,
        },
        never,
      );
      expect(exitCode).toBe(EXIT_REFUSED);
      expect(server.received).toHaveLength(1);
      expect(fx.sleeps).toEqual([]);
      expect(fx.events).toContainEqual(
        expect.objectContaining({
          type: 'refused',
          explanation: 'the server refused the API key (401 INVALID_API_KEY): check --key',
        }),
      );
      expect(await fx.spool.list()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('names the missing scope on 403', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([errorReply(403, 'MISSING_SCOPE', 'needs upload')]);
    try {
      await captureFile(fx.spool, fx.file, savedVariables(1), 'GuildActivityTracker.lua');
      const outcome = await fx.uploader(server.url).deliver(spoolIdFor(fx.file), never);
      expect(outcome).toMatchObject({ kind: 'refused', reason: 'no-scope' });
      expect(outcome.kind === 'refused' && outcome.explanation).toMatch(
        /^the key lacks the upload scope \(403 MISSING_SCOPE/,
      );
    } finally {
      await server.close();
    }
  });

  it('does not follow a redirect, and says where it points', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([
      { status: 301, headers: { Location: 'https://guild.example.com/api/upload' } },
    ]);
    try {
      await captureFile(fx.spool, fx.file, savedVariables(1), 'GuildActivityTracker.lua');
      const outcome = await fx.uploader(server.url).deliver(spoolIdFor(fx.file), never);
      expect(outcome).toMatchObject({
        kind: 'refused',
        reason: 'wrong-server',
        explanation:
          'the server redirects uploads to https://guild.example.com/api/upload (HTTP 301): give the final address as --server',
      });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('drops a version the server rejects with 422 and does not retry it', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([errorReply(422, 'LUA_SYNTAX', 'unexpected symbol near line 3')]);
    try {
      await fx.write(savedVariables(1));
      const exitCode = await runOnce(
        {
          files: [fx.file],
          spool: fx.spool,
          uploader: fx.uploader(server.url),
          report: (event) => fx.events.push(event),
          settleMs: 0,
          pollMs: 100,
        },
        never,
      );
      expect(exitCode).toBe(EXIT_FAILED);
      expect(server.received).toHaveLength(1);
      expect(fx.sleeps).toEqual([]);
      expect(fx.events).toContainEqual(
        expect.objectContaining({ type: 'rejected', status: 422, code: 'LUA_SYNTAX' }),
      );
      expect(await fx.spool.list()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('does not send the same bytes twice', async () => {
    const fx = await createFixture();
    const server = await startFakeServer();
    try {
      await fx.write(savedVariables(1));
      const options = {
        files: [fx.file],
        spool: fx.spool,
        uploader: fx.uploader(server.url),
        report: (event: (typeof fx.events)[number]) => fx.events.push(event),
        settleMs: 0,
        pollMs: 100,
      };
      expect(await runOnce(options, never)).toBe(EXIT_OK);
      expect(await runOnce(options, never)).toBe(EXIT_OK);
      expect(server.received).toHaveLength(1);
      expect(fx.events.map((event) => event.type)).toEqual(['uploaded', 'unchanged-locally']);
    } finally {
      await server.close();
    }
  });

  it('sends the newer version when one arrives while an older one waits to be retried', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([errorReply(503, 'BUSY', 'try later')]);
    try {
      const older = savedVariables(1);
      const newer = savedVariables(2);
      await captureFile(fx.spool, fx.file, older, 'GuildActivityTracker.lua');
      const uploader = fx.uploader(server.url, {
        // The game saves again while the agent waits out the 503.
        sleep: async () => {
          const captured = await captureFile(fx.spool, fx.file, newer, 'GuildActivityTracker.lua');
          expect(captured).toMatchObject({ kind: 'spooled', replaced: true });
        },
      });
      const outcome = await uploader.deliver(spoolIdFor(fx.file), never);
      expect(outcome.kind).toBe('delivered');
      expect(server.received.map((request) => request.headers['x-content-sha256'])).toEqual([
        sha256(older),
        sha256(newer),
      ]);
      expect(server.received[1]?.raw.equals(newer)).toBe(true);
      expect(await fx.spool.list()).toEqual([]);
      expect(await fx.spool.lastUploaded(spoolIdFor(fx.file))).toBe(sha256(newer));
    } finally {
      await server.close();
    }
  });

  it('treats a request that gets no answer in time as retryable', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([{ hang: true }]);
    try {
      await captureFile(fx.spool, fx.file, savedVariables(1), 'GuildActivityTracker.lua');
      const outcome = await fx.uploader(server.url, { timeoutMs: 150 }).deliver(spoolIdFor(fx.file), never);
      expect(outcome.kind).toBe('delivered');
      expect(fx.events[0]).toMatchObject({ type: 'retrying', reason: 'no answer within 150ms' });
      expect(server.received).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('stops waiting when aborted and leaves the spool in place', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([errorReply(503, 'BUSY', 'try later')]);
    try {
      await captureFile(fx.spool, fx.file, savedVariables(1), 'GuildActivityTracker.lua');
      const controller = new AbortController();
      const uploader = fx.uploader(server.url, {
        sleep: async (_ms, signal) => {
          controller.abort();
          signal.throwIfAborted();
        },
      });
      expect(await uploader.deliver(spoolIdFor(fx.file), controller.signal)).toEqual({ kind: 'aborted' });
      expect(await fx.spool.list()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('reads a 2xx without a summary as delivered', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([{ status: 202 }]);
    try {
      await captureFile(fx.spool, fx.file, savedVariables(1), 'GuildActivityTracker.lua');
      const outcome = await fx.uploader(server.url).deliver(spoolIdFor(fx.file), never);
      expect(outcome).toMatchObject({
        kind: 'delivered',
        accepted: { unchanged: false, summary: undefined },
      });
    } finally {
      await server.close();
    }
  });
});
