import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCharactersWithMembers, loadCommunityCharacters, type NewCharacter } from '../src/modules/members';
import { createTestContext, makeCommunity, type TestContext } from './helpers';

/**
 * Ingestion compares an upload with every stored character of its community, read a page at a
 * time (`findCommunityCharacters`): each must come back once, whatever the page boundaries.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

function characters(communityId: string, n: number, prefix: string): NewCharacter[] {
  const at = new Date('2026-11-01T12:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    memberId: crypto.randomUUID(),
    communityId,
    name: `${prefix}${i}-Stormvale`,
    nameKey: `${prefix.toLowerCase()}${i}-stormvale`,
    realm: 'Stormvale',
    className: 'Mage',
    level: 80,
    rank: 'Raider',
    rankIndex: 3,
    spec: null,
    role: null,
    inRoster: i % 7 !== 0,
    online: false,
    messageTotal: i,
    lastMessage: null,
    chatDigest: `{"2026-11":"${i}"}`,
    lastSeenAt: at,
    firstSeenAt: at,
  }));
}

describe('loading a community’s characters', () => {
  it.each([
    ['more than a page, the last one partial', 613],
    ['whole pages only', 500],
    ['none', 0],
  ])('answers each character once with its member’s state: %s', async (_, n) => {
    const community = await makeCommunity(t.ctx);
    const neighbour = await makeCommunity(t.ctx);
    const stored = characters(community.id, n, 'Ald');
    await addCharactersWithMembers(t.ctx.db, stored);
    await addCharactersWithMembers(t.ctx.db, characters(neighbour.id, 40, 'Ald'));
    const alt = stored[5];
    if (alt) {
      await t.ctx.db.execute(sql`update members set main_character_id = null where id = ${alt.memberId}`);
    }

    const known = await loadCommunityCharacters(t.ctx.db, community.id);

    expect(known).toHaveLength(n);
    expect(new Set(known.map((c) => c.id))).toEqual(new Set(stored.map((c) => c.id)));
    const byId = new Map(known.map((c) => [c.id, c]));
    for (const c of stored) {
      expect(byId.get(c.id)).toMatchObject({
        memberId: c.memberId,
        nameKey: c.nameKey,
        messageTotal: c.messageTotal,
        chatDigest: c.chatDigest,
        inRoster: c.inRoster,
        isMain: c !== alt,
        member: { active: true, missingSince: c.inRoster ? null : c.firstSeenAt },
      });
    }
  });
});
