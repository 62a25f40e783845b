import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGuildActivityFile } from '../src/modules/wow/demo-file';
import { closeParsePool } from '../src/modules/wow/parse-pool';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { apiKeys, uploadFile } from './wow-fixtures';

/**
 * A re-upload takes the short ways: the parse worker steps over the chat entries it read before
 * (`chat-cache.ts`), the server compares month and day digests instead of rows. What it stores
 * must be exactly what a full parse and ingestion of the same file stores.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  await closeParsePool();
});

const file = generateGuildActivityFile({
  members: 80,
  days: 60,
  snapshots: 3_000,
  seed: 11,
  realm: 'Stormvale',
});
/** The next day's file: a new snapshot, a new chat day for some players, a new last message. */
const nextDay = file
  .replace('["stats"] = {\r\n', '["stats"] = {\r\n\t\t[1767142805] = 31,\r\n')
  .replace(/\["daily"\] = \{\r\n/g, (m, offset: number) =>
    offset % 3 === 0 ? `${m}\t\t\t\t["2025-12-31"] = 4,\r\n` : m,
  )
  .replace(/\["lastMessage"\] = "[^"]*"/, '["lastMessage"] = "new day"');

async function upload(key: string, text: string) {
  const res = await uploadFile(t.app, key, text);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().unchanged).toBe(false);
  return res.json().summary;
}

/** What a community's ingestion stored, with ids replaced by character names. */
async function stored(communityId: string) {
  const rows = async (query: ReturnType<typeof sql>) =>
    ((await t.ctx.db.execute(query)) as unknown as { rows: unknown[] }).rows
      .map((r) => JSON.stringify(r))
      .sort();
  const c = communityId;
  return {
    characters: await rows(sql`
      select name, name_key, realm, class, level, rank, rank_index, spec, role, in_roster, online,
        message_total, last_message, chat_digest, last_seen_at, first_seen_at
      from characters where community_id = ${c}`),
    members: await rows(sql`
      select c.name_key, m.active, m.first_seen_at, m.last_seen_at, m.missing_since, m.inactive_since
      from members m join characters c on c.id = m.main_character_id where m.community_id = ${c}`),
    chat: await rows(sql`
      select c.name_key, t.month, t.days from activity_chat_months t
      join characters c on c.id = t.character_id where c.community_id = ${c}`),
    snapshots: await rows(sql`
      select s.at, s.online_count,
        (select array_agg(c.name_key order by c.name_key) from characters c
         where c.member_id = any(s.online_member_ids)) as online
      from activity_snapshots s where s.community_id = ${c}`),
    snapshotDays: await rows(sql`select day, digest from activity_snapshot_days where community_id = ${c}`),
    presence: await rows(sql`
      select c.name_key, p.at, p.source from activity_presence p
      join members m on m.id = p.member_id join characters c on c.id = m.main_character_id
      where p.community_id = ${c}`),
    events: await rows(sql`
      select c.name_key, e.kind, e.data, e.at from activity_events e
      left join characters c on c.id = e.character_id where e.community_id = ${c}`),
    scores: await rows(sql`
      select c.name_key, s.score, s.source, s.recorded_at from character_scores s
      join characters c on c.id = s.character_id where s.community_id = ${c}`),
  };
}

describe('a next-day re-upload through the parse cache', () => {
  it('stores exactly what a full parse of the same files stores', async () => {
    const cached = await makeCommunity(t.ctx, { realm: 'Stormvale' });
    const full = await makeCommunity(t.ctx, { realm: 'Stormvale' });
    const cachedKey = (await apiKeys(t.ctx, cached.id)).upload;
    const fullKey = (await apiKeys(t.ctx, full.id)).upload;

    // One worker keeps its cache from the first upload to the next day's.
    await closeParsePool();
    await upload(cachedKey, file);
    const viaCache = await upload(cachedKey, nextDay);

    // A new worker for each upload: both parsed in full.
    await closeParsePool();
    await upload(fullKey, file);
    await closeParsePool();
    const viaFullParse = await upload(fullKey, nextDay);

    expect(viaCache).toEqual(viaFullParse);
    expect(viaCache).toMatchObject({ snapshots: 1, chatDays: expect.any(Number) });
    expect(viaCache.chatDays).toBeGreaterThan(0);
    const a = await stored(cached.id);
    const b = await stored(full.id);
    expect(a.snapshots.length).toBeGreaterThan(3_000);
    expect(a.chat.length).toBeGreaterThan(100);
    expect(a.snapshotDays.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
  });
});
