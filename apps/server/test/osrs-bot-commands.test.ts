import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { osrsActivityChannels, osrsDiscordLinks } from '../src/modules/osrs/discord.tables';
import { osrsBot } from '../src/modules/osrs/osrs.bot';
import { OSRS_DISCORD_BACKFILL_JOB } from '../src/modules/osrs/osrs.jobs';
import { osrsMembers } from '../src/modules/osrs/osrs.tables';
import { discordOfficer } from './bot-fixtures';
import { harness, linkServer, member, TIMEOUT, text } from './bot-harness';
import { subcommand } from './events-wizard-fixtures';
import { PERMISSIONS } from './fakes/discord-bot';

async function setup() {
  const h = await harness({ features: [osrsBot] });
  await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
  const db = h.t.ctx.db;
  const [zezima, lynx] = await db
    .insert(osrsMembers)
    .values([
      { communityId: h.communityId, womId: 1, name: 'Zezima', role: 'member' },
      { communityId: h.communityId, womId: 2, name: 'Lynx_Titan', role: 'member' },
      { communityId: h.communityId, womId: 3, name: 'Gone', role: 'member', active: false },
    ])
    .returning();
  const run = async (actor: ReturnType<typeof member>, sub: string, options: Record<string, string> = {}) => {
    const i = subcommand(actor, h.where, 'osrs', sub, options);
    h.fake.interact(i);
    return text((await h.fake.rest.callbackOf(i.id)).body);
  };
  const links = async () =>
    Object.fromEntries(
      (await db.select().from(osrsDiscordLinks).where(eq(osrsDiscordLinks.communityId, h.communityId))).map(
        (l) => [l.memberId, `${l.discordUserId}:${l.source}`],
      ),
    );
  return { h, db, run, links, zezima: zezima!, lynx: lynx! };
}

describe('/osrs on Discord', () => {
  it(
    'links a member to their own name, refuses others and hand-made links, officers link anyone',
    async () => {
      const { run, links, zezima, lynx, h } = await setup();
      const tom = member('Tom');
      expect(await run(tom, 'link', { name: 'zezima' })).toBe(
        `**Zezima** is now linked to <@${tom.user.id}>.`,
      );
      expect(await links()).toEqual({ [zezima.id]: `${tom.user.id}:manual` });
      // The game's spelling: case, spaces and `_` alike.
      const ana = member('Ana', { locale: 'es-ES' });
      expect(await run(ana, 'link', { name: 'LYNX TITAN' })).toBe(
        `**Lynx_Titan** queda vinculado a <@${ana.user.id}>.`,
      );

      const before = await links();
      expect(await run(ana, 'link', { name: 'Zezima' })).toBe(
        '**Zezima** fue vinculado a mano a otro usuario de Discord: pídeselo a un oficial.',
      );
      expect(await run(tom, 'link', { name: 'Lynx Titan', user: ana.user.id })).toBe(
        'Only officers or members with Manage Server may link someone else.',
      );
      expect(await run(tom, 'link', { name: 'Gone' })).toMatch(/^No active clan member is called `Gone`/);
      expect(await run(tom, 'link', { name: '<@everyone>!' })).toBe(
        'An OSRS name is 1 to 12 letters, digits, spaces, `-` or `_`.',
      );
      expect(await links()).toEqual(before);

      const manager = member('Marta', { permissions: PERMISSIONS.manageGuild });
      expect(await run(manager, 'link', { name: 'Zezima', user: ana.user.id })).toBe(
        `**Zezima** is now linked to <@${ana.user.id}>.`,
      );
      // An officer of the community (signed in with Discord) needs no Discord permission.
      const officer = await discordOfficer(h.t.ctx, h.communityId, 'Olga');
      expect(await run(officer, 'link', { name: 'Lynx_Titan', user: tom.user.id })).toBe(
        `**Lynx_Titan** is now linked to <@${tom.user.id}>.`,
      );
      expect(await links()).toEqual({
        [zezima.id]: `${ana.user.id}:manual`,
        [lynx.id]: `${tom.user.id}:manual`,
      });

      expect(await run(tom, 'unlink', { user: ana.user.id })).toBe(
        'Only officers or members with Manage Server may link someone else.',
      );
      expect(await run(tom, 'unlink')).toBe(
        `Removed 1 link(s) of <@${tom.user.id}>. The nickname rule may find one again.`,
      );
      expect(await run(tom, 'unlink')).toBe(`<@${tom.user.id}> is linked to no clan member.`);
      expect(await links()).toEqual({ [zezima.id]: `${ana.user.id}:manual` });
    },
    TIMEOUT,
  );

  it(
    'opts the current channel in and out for officers, queuing its backfill once',
    async () => {
      const { h, db, run } = await setup();
      const channels = () =>
        db.select().from(osrsActivityChannels).where(eq(osrsActivityChannels.communityId, h.communityId));
      const backfills = () => h.t.ctx.jobRuns.count({ jobName: OSRS_DISCORD_BACKFILL_JOB });
      expect(await run(member('Tom'), 'channel-add', { kind: 'help' })).toBe(
        'Only officers or members with Manage Server choose the counted channels.',
      );
      expect(await channels()).toEqual([]);

      const manager = member('Marta', { permissions: PERMISSIONS.manageGuild, locale: 'es-ES' });
      expect(await run(manager, 'channel-add', { kind: 'help' })).toBe(
        'Los mensajes de este canal ya se cuentan (ayuda (también preguntas y respuestas)); se está leyendo su historial.',
      );
      expect((await channels()).map((c) => [c.channelId, c.kind])).toEqual([[h.where.channelId, 'help']]);
      expect(await backfills()).toBe(1);
      expect(await run(manager, 'channel-add', { kind: 'count' })).toBe(
        'Este canal ya se contaba; ahora es de tipo recuento.',
      );
      expect(await backfills()).toBe(1);
      expect(await run(manager, 'channel-remove')).toBe(
        'Este canal ya no se cuenta (lo contado se conserva).',
      );
      expect(await run(manager, 'channel-remove')).toBe('Este canal no se contaba.');
      expect(await channels()).toEqual([]);

      // The nickname rule applied again on demand (officers): nobody spoke, so no rule link.
      expect(await run(member('Tom'), 'apply-rule')).toBe(
        'Only officers or members with Manage Server apply the nickname rule.',
      );
      expect(await run(manager, 'apply-rule')).toBe(
        'Regla del apodo `exact` aplicada de nuevo: 0 vínculo(s) por la regla, 0 retirado(s). Los vínculos hechos a mano se conservan.',
      );
    },
    TIMEOUT,
  );
});
