import { eq } from 'drizzle-orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import { setDiscordLink } from '../src/modules/osrs/discord.repo';
import { osrsDiscordLinks } from '../src/modules/osrs/discord.tables';
import { osrsMembers } from '../src/modules/osrs/osrs.tables';
import { createTestApp, makeCommunity, userWithRole } from './helpers';

describe('osrs: linking clan members to Discord users', () => {
  it('officers link by hand over REST; a manual link wins over the rule; unlinking frees it again', async () => {
    const t = await createTestApp();
    onTestFinished(() => t.close());
    const community = await makeCommunity(t.ctx, { name: 'Iron Wolves' });
    const [member] = await t.ctx.db
      .insert(osrsMembers)
      .values({ communityId: community.id, womId: 77, name: 'Zezima', role: 'leader' })
      .returning();
    const officer = await userWithRole(t.app, t.ctx, community.id, 'officer');
    const plain = await userWithRole(t.app, t.ctx, community.id, 'member', 'plain member');
    const url = (womId: number) => `/api/v1/communities/${community.id}/osrs/members/${womId}/discord`;
    const put = (cookie: string, womId: number, discordUserId: string) =>
      t.app.inject({ method: 'PUT', url: url(womId), headers: { cookie }, payload: { discordUserId } });
    const link = async () =>
      (await t.ctx.db.select().from(osrsDiscordLinks).where(eq(osrsDiscordLinks.memberId, member!.id)))[0];

    // The nickname rule found someone first.
    await setDiscordLink(t.ctx.db, {
      memberId: member!.id,
      communityId: community.id,
      discordUserId: '111',
      source: 'rule',
    });
    expect((await put(plain.cookie, 77, '222')).statusCode).toBe(403);
    expect((await put(officer.cookie, 78, '222')).statusCode).toBe(404);
    const res = await put(officer.cookie, 77, '222');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ womId: 77, discordUserId: '222', source: 'manual' });

    // The rule running again does not undo the officer's choice.
    await setDiscordLink(t.ctx.db, {
      memberId: member!.id,
      communityId: community.id,
      discordUserId: '111',
      source: 'rule',
    });
    expect(await link()).toMatchObject({ discordUserId: '222', source: 'manual' });

    const del = () => t.app.inject({ method: 'DELETE', url: url(77), headers: { cookie: officer.cookie } });
    expect((await del()).statusCode).toBe(204);
    expect((await del()).statusCode).toBe(404);
    expect(await link()).toBeUndefined();
  }, 180_000);
});
