import type { AppContext } from '../../core/context';
import type { Actor } from '../audit';
import { createEvent, transitionEvent } from './events.service';
import { signUp } from './signups.service';

const demoActor: Actor = { type: 'system', name: 'demo' };

const raiders = [
  ['Brannoc', 'tank'],
  ['Aeliana', 'tank'],
  ['Mirelle', 'healer'],
  ['Thornak', 'healer'],
  ['Seraphine', 'healer'],
  ['Kaelthas', 'dps'],
  ['Vyrna', 'dps'],
  ['Gorrim', 'dps'],
  ['Lunara', 'dps'],
  ['Dravok', 'dps'],
  ['Elowen', 'dps'],
  ['Fenrik', 'dps'],
  ['Isolde', 'dps'],
  ['Jarrek', 'dps'],
  ['Nymeria', 'dps'],
] as const;

/** Evening `days` from now at `hour` UTC: the demo's events stay ahead of whoever opens it. */
function evening(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/**
 * Two published events with sign-ups for the demo guild: a raid night that is full with a
 * waitlist, and a smaller Mythic+ evening. No reminders, so the demo sends nothing anywhere.
 */
export async function seedEventsDemo(ctx: AppContext, communityId: string): Promise<void> {
  const raid = await createEvent(
    ctx,
    communityId,
    {
      title: 'Raid night: heroic progression',
      description: 'Two hours on the last bosses. Flasks and food are on the guild bank.',
      startsAt: evening(2, 19),
      durationMinutes: 180,
      capacity: 12,
      reminderOffsets: [],
    },
    demoActor,
  );
  await transitionEvent(ctx, communityId, raid.id, 'publish', demoActor);
  for (const [i, [name, role]] of raiders.entries())
    await signUp(ctx, communityId, raid.id, {
      discordUserId: String(310_000_000_000_000_000n + BigInt(i)),
      displayName: name,
      role,
    });

  const keys = await createEvent(
    ctx,
    communityId,
    {
      title: 'Mythic+ evening: +12 keys',
      description: 'Bring your key; groups are made on the night.',
      startsAt: evening(5, 20),
      durationMinutes: 150,
      capacity: 10,
      reminderOffsets: [],
    },
    demoActor,
  );
  await transitionEvent(ctx, communityId, keys.id, 'publish', demoActor);
  for (const [i, [name, role]] of raiders.slice(0, 4).entries())
    await signUp(ctx, communityId, keys.id, {
      discordUserId: String(310_000_000_000_000_000n + BigInt(i)),
      displayName: name,
      role,
    });
}
