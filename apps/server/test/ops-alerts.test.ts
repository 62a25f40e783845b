import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from '../src/core/outbound/http-client';
import { resetProviderHealth } from '../src/core/outbound/provider-health';
import { defineJob, failRun, waitForRun } from '../src/core/queue';
import { createMemoryLimiter } from '../src/core/rate-limiter';
import { deliverOutbox } from '../src/modules/notify';
import { checkOps, deliverOpsAlerts, noteBackupOutcome } from '../src/modules/notify/ops-alerts.service';
import { FakeDiscord, unknownWebhook, webhookUrl } from './fakes/discord';
import { FakeServer, json, offline } from './fakes/server';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';

const OPS = '9900000000000000001';
const discord = new FakeDiscord();
let t: TestApp;

/** Sends what is due and answers the ops messages received so far. */
const opsMessages = async () => {
  await deliverOpsAlerts(t.ctx);
  return discord.messagesTo(OPS).map((m) => m.body.embeds?.[0]?.title ?? '');
};

const roomy = () => ({ blocks: 1000, bavail: 500 });

const runJob = async (fail: boolean, job = 'ops-probe') => {
  const runId = await t.ctx.queue.enqueue(job, { fail });
  return (await waitForRun(t.ctx.jobRuns, runId, 60_000)).status;
};

beforeAll(async () => {
  await discord.start();
  t = await createTestApp({
    env: {
      ...offline,
      DISCORD_API_BASE_URL: `${discord.url}/api/v10`,
      OUTBOUND_TIMEOUT_MS: '30000',
      OPS_ALERT_WEBHOOK_URL: webhookUrl(OPS),
      OPS_ALERT_JOB_FAILURES: '2',
      OPS_ALERT_PROVIDER_MINUTES: '15',
      OPS_ALERT_DISK_PERCENT: '90',
    },
  });
  t.ctx.queue.register([
    defineJob({
      name: 'ops-probe',
      payload: z.object({ fail: z.boolean() }),
      retry: { attempts: 1, backoffMs: 1 },
      handler: async ({ fail }) => {
        if (fail) throw new Error('the probe failed on purpose');
        return {};
      },
    }),
    // A sync job that finished but synced nothing: a failRun value, not a throw.
    defineJob({
      name: 'ops-sync-probe',
      payload: z.object({ fail: z.boolean() }),
      retry: { attempts: 3, backoffMs: 1 },
      handler: async ({ fail }) => (fail ? failRun('0 of 5 characters synced') : { synced: 5 }),
    }),
  ]);
  await t.ctx.queue.start({ worker: true, scheduler: false });
});

afterAll(async () => {
  await t?.close();
  await discord.close();
  resetProviderHealth();
});

describe('ops alerts', () => {
  it('a job failing N times in a row alerts once; a success starts over', async () => {
    expect(await runJob(true)).toBe('failed');
    expect(await opsMessages()).toEqual([]);
    expect(await runJob(true)).toBe('failed');
    expect(await opsMessages()).toEqual(['Job ops-probe keeps failing']);
    expect(await runJob(true)).toBe('failed'); // the same episode: deduplicated
    expect(await opsMessages()).toHaveLength(1);
    expect(await runJob(false)).toBe('succeeded');
    expect(await runJob(true)).toBe('failed');
    expect(await runJob(true)).toBe('failed');
    expect(await opsMessages()).toEqual(['Job ops-probe keeps failing', 'Job ops-probe keeps failing']);
    discord.delivered.length = 0;
  });

  it('a run that returns a failure (a sync where everything failed) counts like a thrown one', async () => {
    expect(await runJob(true, 'ops-sync-probe')).toBe('failed');
    expect(await runJob(true, 'ops-sync-probe')).toBe('failed');
    expect(await opsMessages()).toEqual(['Job ops-sync-probe keeps failing']);
    discord.delivered.length = 0;
  });

  it('a provider answering 5xx/429 past the threshold alerts once, in the installation language', async () => {
    const owner = await ownerCookie(t.app, t.ctx);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/ops-alerts',
      headers: { cookie: owner },
      payload: { language: 'es' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit?action=ops-alerts.update',
      headers: { cookie: owner },
    });
    expect(audit.json().items.map((e: { details: unknown }) => e.details)).toContainEqual({ language: 'es' });
    let answer = 503;
    const api = new FakeServer(() => json({ message: 'down' }, answer));
    await api.start();
    try {
      const http = createHttpClient(
        { limiter: createMemoryLimiter(Date.now), timeoutMs: 5_000, retryBaseMs: 0, maxWaitMs: 0 },
        { name: 'opsfake', baseUrl: api.url, budget: { bucket: 'opsfake', rules: [] } },
      );
      const call = () => http.request({ path: '/x', schema: z.object({}) }).catch(() => undefined);
      await call();
      const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
      await checkOps(t.ctx, { statfs: roomy, now: later(5) });
      expect(await opsMessages()).toEqual([]); // not for long enough yet
      await checkOps(t.ctx, { statfs: roomy, now: later(16) });
      await checkOps(t.ctx, { statfs: roomy, now: later(20) });
      expect(await opsMessages()).toEqual(['opsfake no responde']);
      answer = 200; // recovered…
      await call();
      await checkOps(t.ctx, { statfs: roomy, now: later(21) });
      answer = 429; // …and failing again: a new episode
      await call();
      await checkOps(t.ctx, { statfs: roomy, now: later(40) });
      expect(await opsMessages()).toEqual(['opsfake no responde', 'opsfake no responde']);
    } finally {
      await api.close();
      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/admin/ops-alerts',
        headers: { cookie: owner },
        payload: { language: 'en' },
      });
      discord.delivered.length = 0;
    }
  });

  it('a community webhook marked broken alerts the operator once', async () => {
    const c = await makeCommunity(t.ctx, { name: 'The Wardens', language: 'en' });
    const owner = await ownerCookie(t.app, t.ctx);
    const hook = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${c.id}/webhooks`,
      headers: { cookie: owner },
      payload: { name: 'raid-alerts', url: webhookUrl('9900000000000000002') },
    });
    expect(hook.statusCode, hook.body).toBe(201);
    discord.inject(FakeDiscord.to('9900000000000000002'), unknownWebhook(), 2);
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/communities/${c.id}/webhooks/${hook.json().id}/test`,
        headers: { cookie: owner },
      });
      expect(res.json().delivered).toBe(false);
    }
    await deliverOutbox(t.ctx);
    expect(await opsMessages()).toEqual(['A webhook of The Wardens is broken']);
    discord.delivered.length = 0;
  });

  it('a failing backup alerts once until one succeeds', async () => {
    await noteBackupOutcome(t.ctx, { ok: false, error: 'pg_dump: not found' });
    await noteBackupOutcome(t.ctx, { ok: false, error: 'pg_dump: not found' });
    expect(await opsMessages()).toEqual(['A backup failed']);
    await noteBackupOutcome(t.ctx, { ok: true });
    await noteBackupOutcome(t.ctx, { ok: false, error: 'disk full' });
    expect(await opsMessages()).toEqual(['A backup failed', 'A backup failed']);
    discord.delivered.length = 0;
  });

  it('the disk under the data directory past its threshold alerts once until it has room again', async () => {
    const full = () => ({ blocks: 1000, bavail: 50 }); // 95% used
    await checkOps(t.ctx, { statfs: full });
    await checkOps(t.ctx, { statfs: full });
    expect(await opsMessages()).toEqual(['The disk is filling up']);
    await checkOps(t.ctx, { statfs: roomy });
    await checkOps(t.ctx, { statfs: full });
    expect(await opsMessages()).toEqual(['The disk is filling up', 'The disk is filling up']);
    // The real statfs of the data directory answers too.
    await expect(checkOps(t.ctx)).resolves.toBeDefined();
  });
});
