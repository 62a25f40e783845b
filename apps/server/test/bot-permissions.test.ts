import { describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '../src/core/errors';
import {
  canUseModule,
  grantModule,
  holdsModule,
  listModuleGrants,
  managesGuild,
  revokeModule,
} from '../src/modules/bot';
import { snowflake } from './fakes/discord-bot';
import { createTestContext, makeCommunity } from './helpers';

const MANAGE_GUILD = 1n << 5n;
const ADMINISTRATOR = 1n << 3n;
const SEND_MESSAGES = 1n << 11n;

/** Each test builds a migrated database on a shared two-core machine: generous, nothing waits on time. */
const TIMEOUT = 180_000;

describe('holdsModule: the one permission rule for bot modules', () => {
  const raider = snowflake();
  const officerRole = snowflake();
  const ana = snowflake();
  const grants = [
    { module: 'signups' as const, subjectType: 'role' as const, subjectId: raider },
    { module: 'events' as const, subjectType: 'user' as const, subjectId: ana },
  ];

  it(
    'gives every module to Manage Server (and Administrator, which implies it)',
    () => {
      for (const permissions of [MANAGE_GUILD, ADMINISTRATOR, MANAGE_GUILD | SEND_MESSAGES]) {
        const subject = { userId: snowflake(), roleIds: [], permissions };
        expect(managesGuild(subject)).toBe(true);
        for (const m of ['events', 'reminders', 'signups', 'tickets', 'catalogue'] as const)
          expect(holdsModule(subject, m, [])).toBe(true);
      }
    },
    TIMEOUT,
  );

  it(
    'otherwise needs a grant of that module to the user or one of their roles',
    () => {
      const member = (userId: string, roleIds: string[] = []) => ({
        userId,
        roleIds,
        permissions: SEND_MESSAGES,
      });
      expect(holdsModule(member(snowflake(), [raider]), 'signups', grants)).toBe(true);
      expect(holdsModule(member(snowflake(), [raider]), 'events', grants)).toBe(false);
      expect(holdsModule(member(ana), 'events', grants)).toBe(true);
      expect(holdsModule(member(ana), 'signups', grants)).toBe(false);
      // A role id equal to a granted user id is not that user, and vice versa.
      expect(holdsModule(member(snowflake(), [ana]), 'events', grants)).toBe(false);
      expect(holdsModule(member(raider), 'signups', grants)).toBe(false);
      expect(holdsModule(member(snowflake(), [officerRole]), 'tickets', grants)).toBe(false);
    },
    TIMEOUT,
  );
});

describe('module grants (stored per community)', () => {
  it(
    'grants, lists, checks and revokes; refuses unknown modules and malformed ids',
    async () => {
      const t = await createTestContext();
      onTestFinished(() => t.close());
      const a = await makeCommunity(t.ctx);
      const b = await makeCommunity(t.ctx);
      const role = snowflake();
      const tomId = snowflake();
      const tom = { userId: tomId, roleIds: [role], permissions: SEND_MESSAGES };

      expect(await canUseModule(t.ctx.db, a.id, tom, 'tickets')).toBe(false);
      await grantModule(t.ctx.db, a.id, { module: 'tickets', subjectType: 'role', subjectId: role }, 'test');
      await grantModule(t.ctx.db, a.id, { module: 'tickets', subjectType: 'role', subjectId: role }, 'test'); // idempotent
      await grantModule(
        t.ctx.db,
        a.id,
        { module: 'catalogue', subjectType: 'user', subjectId: tomId },
        'test',
      );
      expect(await listModuleGrants(t.ctx.db, a.id)).toEqual([
        { module: 'catalogue', subjectType: 'user', subjectId: tomId },
        { module: 'tickets', subjectType: 'role', subjectId: role },
      ]);
      expect(await canUseModule(t.ctx.db, a.id, tom, 'tickets')).toBe(true);
      expect(await canUseModule(t.ctx.db, a.id, tom, 'catalogue')).toBe(true);
      expect(await canUseModule(t.ctx.db, a.id, tom, 'events')).toBe(false);
      // Grants belong to one community.
      expect(await canUseModule(t.ctx.db, b.id, tom, 'tickets')).toBe(false);
      expect(await canUseModule(t.ctx.db, b.id, { ...tom, permissions: MANAGE_GUILD }, 'tickets')).toBe(true);

      expect(
        await revokeModule(t.ctx.db, a.id, { module: 'tickets', subjectType: 'role', subjectId: role }),
      ).toBe(true);
      expect(
        await revokeModule(t.ctx.db, a.id, { module: 'tickets', subjectType: 'role', subjectId: role }),
      ).toBe(false);
      expect(await canUseModule(t.ctx.db, a.id, tom, 'tickets')).toBe(false);

      const refused = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(AppError);
      await refused(
        grantModule(t.ctx.db, a.id, { module: 'admin', subjectType: 'role', subjectId: role }, 'test'),
      );
      await refused(
        grantModule(t.ctx.db, a.id, { module: 'events', subjectType: 'user', subjectId: '12' }, 'test'),
      );
      await refused(
        revokeModule(t.ctx.db, a.id, { module: 'events', subjectType: 'user', subjectId: 'x'.repeat(18) }),
      );
    },
    TIMEOUT,
  );
});
