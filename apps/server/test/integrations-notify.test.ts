import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { auditLog } from '../src/modules/audit/audit.tables';
import { deliverOutbox, queueAlerts } from '../src/modules/notify';
import { outbox, webhooks } from '../src/modules/notify/notify.tables';
import { FakeDiscord, invalidToken, rateLimited, unknownWebhook, webhookUrl } from './fakes/discord';
import { json, offline } from './fakes/server';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';
import { apiKeys, day, trackerFile, uploadFile } from './wow-fixtures';

const discord = new FakeDiscord();
let t: TestApp;
let owner: string;

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
  cookie = owner,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });

/** A Discord webhook id (a snowflake) no other test uses, so the fake's mailboxes never mix. */
let snowflakes = 0;
const snowflake = () => `77${String(++snowflakes).padStart(16, '0')}`;

const addWebhook = async (communityId: string, id = snowflake(), extra: Record<string, unknown> = {}) => {
  const res = await api('POST', `/api/v1/communities/${communityId}/webhooks`, {
    name: `hook ${id}`,
    url: webhookUrl(id),
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as { id: string; url: string }), snowflake: id };
};

const pending = (communityId: string) =>
  t.ctx.db.select().from(outbox).where(eq(outbox.communityId, communityId)).orderBy(outbox.id);

const milestone = (name: string, n: number) => ({
  alert: { kind: 'score_milestone' as const, name, threshold: 2500, score: 2500 + n },
  dedupeKey: `test:${name}:${n}`,
  at: new Date(),
});

/**
 * Per-test data: each test makes its own community (and webhooks), so none reads rows another
 * left behind and none has to wipe shared tables.
 */
const community = (language: 'es' | 'en') =>
  makeCommunity(t.ctx, { name: language === 'es' ? 'Los Centinelas' : 'The Wardens', language });

/** A Spanish guild whose first upload (Aldrena at 1950, Brannoc) is in. */
async function guildWithRoster() {
  const c = await community('es');
  const uploadKey = (await apiKeys(t.ctx, c.id)).upload;
  const first = await uploadFile(
    t.app,
    uploadKey,
    trackerFile({
      rosterAt: day(1),
      roster: { Aldrena: {}, Brannoc: {} },
      mythic: { Aldrena: { score: 1950 } },
    }),
  );
  expect(first.statusCode, first.body).toBe(200);
  return { community: c, uploadKey };
}

beforeAll(async () => {
  await discord.start();
  t = await createTestApp({
    env: {
      ...offline,
      DISCORD_API_BASE_URL: `${discord.url}/api/v10`,
      // Failures here are injected, never timed: a generous timeout keeps a loaded machine from inventing one.
      OUTBOUND_TIMEOUT_MS: '30000',
    },
  });
  owner = await ownerCookie(t.app, t.ctx);
});

afterAll(async () => {
  await t.close();
  await discord.close();
});

beforeEach(() => discord.clearInjections());

describe('webhooks', () => {
  it('are stored sealed, listed masked, and managed by officers only', async () => {
    const en = await community('en');
    const bad = await api('POST', `/api/v1/communities/${en.id}/webhooks`, {
      name: 'x',
      url: 'https://evil.example/hook',
    });
    expect(bad.statusCode).toBe(400);
    const hook = await addWebhook(en.id, '550000000000000001', { kinds: ['new_member', 'member_left'] });
    expect(hook.url).toBe('https://discord.com/api/webhooks/5500…0001/••••');
    const list = await api('GET', `/api/v1/communities/${en.id}/webhooks`);
    expect(list.body).not.toContain('Xk3v9q_TfakeTOKEN');
    const [row] = await t.ctx.db.select().from(webhooks).where(eq(webhooks.id, hook.id));
    expect(row!.sealedUrl).not.toContain('Xk3v9q');

    const member = await userWithRole(t.app, t.ctx, en.id, 'member');
    expect(
      (await api('GET', `/api/v1/communities/${en.id}/webhooks`, undefined, member.cookie)).statusCode,
    ).toBe(403);
    expect(
      (await api('DELETE', `/api/v1/communities/${en.id}/webhooks/${hook.id}`, undefined, member.cookie))
        .statusCode,
    ).toBe(403);

    const patched = await api('PATCH', `/api/v1/communities/${en.id}/webhooks/${hook.id}`, {
      enabled: false,
      kinds: null,
    });
    expect(patched.json()).toMatchObject({ enabled: false, kinds: null });
    expect((await api('DELETE', `/api/v1/communities/${en.id}/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/communities/${en.id}/webhooks/${hook.id}`)).json().error.code).toBe(
      'WEBHOOK_NOT_FOUND',
    );
    const actions = (await t.ctx.db.select().from(auditLog).where(eq(auditLog.communityId, en.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['webhook.create', 'webhook.update', 'webhook.delete']));
  });

  it('send a test embed in the community language; a deleted webhook is marked broken with an audit entry', async () => {
    const es = await community('es');
    const hook = await addWebhook(es.id, '550000000000000002');
    const ok = await api('POST', `/api/v1/communities/${es.id}/webhooks/${hook.id}/test`);
    expect(ok.json()).toEqual({ delivered: true, status: 200, error: null });
    expect(discord.messagesTo('550000000000000002').at(-1)?.body.embeds?.[0]?.title).toBe(
      'Mensaje de prueba',
    );

    discord.inject(FakeDiscord.to('550000000000000002'), unknownWebhook());
    const gone = await api('POST', `/api/v1/communities/${es.id}/webhooks/${hook.id}/test`);
    expect(gone.json()).toEqual({ delivered: false, status: 404, error: 'Unknown Webhook' });
    const listed = (await api('GET', `/api/v1/communities/${es.id}/webhooks`)).json().items[0];
    expect(listed.brokenAt).not.toBeNull();
    expect(listed.brokenReason).toContain('404');
    const [audit] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'webhook.broken'), eq(auditLog.communityId, es.id)));
    expect(audit).toMatchObject({ targetId: hook.id, result: 'error', actorType: 'system' });
    // A new URL mends it.
    await api('PATCH', `/api/v1/communities/${es.id}/webhooks/${hook.id}`, {
      url: webhookUrl('550000000000000002'),
    });
    expect((await api('GET', `/api/v1/communities/${es.id}/webhooks`)).json().items[0].brokenAt).toBeNull();
  });
});

describe('alert rules', () => {
  it('default to on with the standard milestones, and switch one by one', async () => {
    const en = await community('en');
    const defaults = (await api('GET', `/api/v1/communities/${en.id}/alert-rules`)).json().items;
    expect(defaults).toEqual([
      { kind: 'new_member', enabled: true, thresholds: null },
      { kind: 'member_left', enabled: true, thresholds: null },
      { kind: 'score_milestone', enabled: true, thresholds: [2000, 2500, 3000] },
      { kind: 'online_record', enabled: true, thresholds: null },
      { kind: 'boss_kill', enabled: true, thresholds: null },
    ]);
    const custom = await api('PUT', `/api/v1/communities/${en.id}/alert-rules/score_milestone`, {
      enabled: true,
      thresholds: [2750, 2200, 2200],
    });
    expect(custom.json()).toEqual({ kind: 'score_milestone', enabled: true, thresholds: [2200, 2750] });
    const off = await api('PUT', `/api/v1/communities/${en.id}/alert-rules/boss_kill`, { enabled: false });
    expect(off.json().enabled).toBe(false);
    const wrong = await api('PUT', `/api/v1/communities/${en.id}/alert-rules/boss_kill`, {
      enabled: true,
      thresholds: [2000],
    });
    expect(wrong.statusCode).toBe(400);
    const unknown = await api('PUT', `/api/v1/communities/${en.id}/alert-rules/everything`, {
      enabled: true,
    });
    expect(unknown.statusCode).toBe(400);

    await addWebhook(en.id);
    const queued = await t.ctx.db.transaction((tx) =>
      queueAlerts(tx, en, [
        {
          alert: { kind: 'boss_kill', boss: 'Fractillus', difficulty: 'heroic', zone: null },
          dedupeKey: 'k1',
          at: new Date(),
        },
        { alert: { kind: 'new_member', name: 'Ysolde' }, dedupeKey: 'k2', at: new Date() },
      ]),
    );
    expect(queued).toBe(1);
    expect((await pending(en.id)).map((p) => p.kind)).toEqual(['new_member']);
  });
});

describe('alerts from uploads', () => {
  it('are written in the upload transaction: a join and a milestone, in Spanish', async () => {
    const { community: es, uploadKey } = await guildWithRoster();
    const hook = await addWebhook(es.id);
    await addWebhook(es.id);
    const res = await uploadFile(
      t.app,
      uploadKey,
      trackerFile({
        rosterAt: day(2),
        roster: { Aldrena: {}, Brannoc: {}, Ysolde: {} },
        mythic: { Aldrena: { score: 2040 } },
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = await pending(es.id);
    const hook4 = rows.filter(
      (r) => r.message && (r.dedupeKey.startsWith('join:') || r.kind === 'score_milestone'),
    );
    expect(hook4.map((r) => r.kind).sort()).toEqual([
      'new_member',
      'new_member',
      'score_milestone',
      'score_milestone',
    ]);
    const report = await deliverOutbox(t.ctx, { communityId: es.id });
    // The two alerts on each of the two webhooks, and the day the upload closed, reported on both.
    expect(report).toMatchObject({ sent: 6, failed: 0 });
    const texts = discord.messagesTo(hook.snowflake).map((m) => m.body.embeds?.[0]?.description);
    expect(texts).toEqual(
      expect.arrayContaining([
        '**Ysolde-Stormvale** se ha unido a la hermandad.',
        '**Aldrena-Stormvale** ha alcanzado una puntuación de Míticas+ de **2000** (ahora 2040).',
        expect.stringMatching(/^\d+ miembros conectados — récord del día \(2025-12-02\)\.$/),
      ]),
    );
    // Re-uploading the same file queues nothing again.
    await uploadFile(
      t.app,
      uploadKey,
      trackerFile({
        rosterAt: day(2),
        roster: { Aldrena: {}, Brannoc: {}, Ysolde: {} },
        mythic: { Aldrena: { score: 2040 } },
      }),
    );
    expect((await pending(es.id)).filter((r) => r.status === 'pending')).toHaveLength(0);
  });

  it('many joins at once make one summary message', async () => {
    const roster = Object.fromEntries(
      [
        'Aldrena',
        'Brannoc',
        'Ysolde',
        'Nuevo',
        'Otro',
        'Tercero',
        'Cuarto',
        'Quinto',
        'Sexto',
        'Septimo',
      ].map((n) => [n, {}]),
    );
    const { community: es, uploadKey } = await guildWithRoster();
    const hooks = [await addWebhook(es.id), await addWebhook(es.id)];
    const res = await uploadFile(t.app, uploadKey, trackerFile({ rosterAt: day(2), roster }));
    expect(res.statusCode, res.body).toBe(200);
    const fresh = (await pending(es.id)).filter((r) => r.webhookId && r.kind === 'new_member');
    const perHook = new Map<string, number>();
    for (const r of fresh) perHook.set(r.webhookId ?? '', (perHook.get(r.webhookId ?? '') ?? 0) + 1);
    // One summary per webhook, not one message per newcomer.
    expect(Object.fromEntries(perHook)).toEqual(Object.fromEntries(hooks.map((h) => [h.id, 1])));
    expect((fresh[0]!.message as { embeds: { description: string }[] }).embeds[0]!.description).toContain(
      'Nuevo-Stormvale',
    );
  });
});

describe('delivery', () => {
  let en: Awaited<ReturnType<typeof community>>;
  let hookId: string;
  let hookSnowflake: string;
  /** Each delivery test: an English community of its own with one webhook. */
  beforeEach(async () => {
    en = await community('en');
    const hook = await addWebhook(en.id);
    hookId = hook.id;
    hookSnowflake = hook.snowflake;
  });
  const queue = (...alerts: ReturnType<typeof milestone>[]) =>
    t.ctx.db.transaction((tx) => queueAlerts(tx, en, alerts));

  it('waits out a short 429 and reschedules a long one without counting it as an attempt', async () => {
    await queue(milestone('Short', 1));
    discord.inject(FakeDiscord.to(hookSnowflake), rateLimited(0.05));
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 1, retrying: 0 });

    // A long wait, on a webhook of its own (it stays blocked for two minutes).
    const slow = await addWebhook(en.id);
    await t.ctx.db.update(webhooks).set({ enabled: false }).where(eq(webhooks.id, hookId));
    await queue(milestone('Long', 1));
    discord.inject(FakeDiscord.to(slow.snowflake), rateLimited(120));
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 0, retrying: 1 });
    const [row] = (await pending(en.id)).filter((r) => r.status === 'pending' && r.webhookId === slow.id);
    expect(row!.attempts).toBe(0);
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
    // Not due yet: the next run leaves it alone; forced due, the blocked bucket still keeps it off Discord.
    const tried = discord.requests.length;
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 0, retrying: 0 });
    await t.ctx.db.update(outbox).set({ nextAttemptAt: new Date() }).where(eq(outbox.id, row!.id));
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 0, retrying: 1 });
    expect(discord.requests.length).toBe(tried);
  });

  it('retries 5xx with backoff, then gives up after the last attempt', async () => {
    await queue(milestone('Flaky', 1));
    discord.inject(FakeDiscord.to(hookSnowflake), json({ message: 'upstream' }, 502), 2);
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 1 });

    await queue(milestone('Down', 1));
    discord.inject(FakeDiscord.to(hookSnowflake), json({ message: 'down' }, 503), 1000);
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ retrying: 1 });
    const id = (await pending(en.id)).find((r) => r.dedupeKey === 'test:Down:1')!.id;
    const [first] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, id));
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'down' });
    expect(first!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Four more failed runs later, the sixth attempt is the last.
    await t.ctx.db.update(outbox).set({ attempts: 5, nextAttemptAt: new Date() }).where(eq(outbox.id, id));
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ failed: 1 });
    const [row] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: 'failed', attempts: 6 });
    discord.clearInjections();
  });

  it('stops on 401: the webhook is broken, audited, and its messages wait for a fixed URL', async () => {
    await queue(milestone('A', 2), milestone('B', 2));
    const tried = () => discord.requests.filter((r) => r.path.includes(hookSnowflake)).length;
    const before = tried();
    discord.inject(FakeDiscord.to(hookSnowflake), invalidToken());
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 0, brokenWebhooks: 1 });
    const [hook] = await t.ctx.db.select().from(webhooks).where(eq(webhooks.id, hookId));
    expect(hook!.brokenReason).toContain('Invalid Webhook Token');
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'webhook.broken'));
    expect(audits.some((a) => a.targetId === hookId)).toBe(true);
    // Only one request reached Discord: the second message was not tried on a broken webhook.
    expect(tried() - before).toBe(1);
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 0 });
    await api('PATCH', `/api/v1/communities/${en.id}/webhooks/${hookId}`, {
      url: webhookUrl(hookSnowflake, 'NewTokenAfterRegenerating_0123456789'),
    });
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 2 });
    expect(discord.messagesTo(hookSnowflake).at(-1)?.token).toBe('NewTokenAfterRegenerating_0123456789');
  });

  it('never sends a message twice when two deliveries run at once', async () => {
    const before = discord.messagesTo(hookSnowflake).length;
    await queue(...Array.from({ length: 6 }, (_, i) => milestone('Twice', 10 + i)));
    const [a, b] = await Promise.all([
      deliverOutbox(t.ctx, { communityId: en.id }),
      deliverOutbox(t.ctx, { communityId: en.id }),
    ]);
    expect(a.sent + b.sent).toBe(6);
    expect(discord.messagesTo(hookSnowflake).length - before).toBe(6);
    const [{ n }] = (await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), eq(outbox.webhookId, hookId)))) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('the scheduled run forgets messages sent more than 30 days ago', async () => {
    await queue(milestone('Old', 1), milestone('Recent', 1));
    expect(await deliverOutbox(t.ctx, { communityId: en.id })).toMatchObject({ sent: 2 });
    const sent = (await pending(en.id)).filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(2);
    await t.ctx.db
      .update(outbox)
      .set({ createdAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(outbox.id, sent[0]!.id));
    await t.ctx.queue.start({ worker: true, scheduler: false });
    const runId = await t.ctx.queue.enqueue('notify-deliver', {}, { trigger: 'schedule' });
    const run = await waitForRun(t.ctx.jobRuns, runId, 20_000);
    expect(run.result).toMatchObject({ pruned: 1 });
    expect((await pending(en.id)).map((r) => r.id)).toEqual([sent[1]!.id]);
  });
});
