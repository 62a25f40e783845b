import { utimes } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { captureFile, EXIT_OK, EXIT_REFUSED, runWatch } from '../src/agent';
import { createFixture, savedVariables, sha256 } from './helpers/agent-fixture';
import { errorReply, startFakeServer } from './helpers/fake-server';
import { until } from './helpers/until';

describe('runWatch', () => {
  it('sends the spool first, then every new settled version, and stops cleanly', async () => {
    const fx = await createFixture();
    const server = await startFakeServer();
    const controller = new AbortController();
    try {
      // Left over from an earlier run that was interrupted.
      await captureFile(fx.spool, fx.file, savedVariables(0), 'GuildActivityTracker.lua');
      await fx.write(savedVariables(1));
      const running = runWatch(
        {
          files: [fx.file],
          spool: fx.spool,
          uploader: fx.uploader(server.url),
          report: (event) => fx.events.push(event),
          settleMs: 30,
          pollMs: 100,
        },
        controller.signal,
      );
      // The spooled version may go out first or be replaced by the one on disk: wait for the latter.
      await until(() =>
        server.received.some((r) => r.headers['x-content-sha256'] === sha256(savedVariables(1))),
      );
      await fx.write(savedVariables(2));
      const later = new Date(Date.now() + 2_000);
      await utimes(fx.file, later, later);
      // Received by the server is not yet settled by the agent: wait for its own report.
      await until(() =>
        fx.events.some((e) => e.type === 'uploaded' && e.entry.sha256 === sha256(savedVariables(2))),
      );
      controller.abort();
      expect(await running).toBe(EXIT_OK);

      expect(fx.events[0]).toEqual({ type: 'spool-pending', count: 1 });
      const hashes = server.received.map((request) => request.headers['x-content-sha256']);
      // The version on disk replaced the spooled one before or after it went out; the last one always arrives.
      expect(hashes.at(-1)).toBe(sha256(savedVariables(2)));
      expect(hashes).toContain(sha256(savedVariables(1)));
      expect(await fx.spool.list()).toEqual([]);
    } finally {
      controller.abort();
      await server.close();
    }
  });

  it('stops by itself with exit code 3 when the key is refused', async () => {
    const fx = await createFixture();
    const server = await startFakeServer([errorReply(401, 'INVALID_API_KEY', 'unknown key')]);
    try {
      await fx.write(savedVariables(1));
      const exitCode = await runWatch(
        {
          files: [fx.file],
          spool: fx.spool,
          uploader: fx.uploader(server.url),
          report: (event) => fx.events.push(event),
          settleMs: 0,
          pollMs: 100,
        },
        new AbortController().signal,
      );
      expect(exitCode).toBe(EXIT_REFUSED);
      expect(server.received).toHaveLength(1);
      expect(fx.events.at(-1)).toMatchObject({ type: 'refused', code: 'INVALID_API_KEY' });
      expect(await fx.spool.list()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
