import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { memberships } from '../access/access.tables';
import { linkedAccounts, users } from '../identity/identity.tables';

/** Whether the Guildhall user signed in with this Discord account is an owner or officer here. */
export async function isCommunityOfficer(db: Executor, communityId: string, discordUserId: string) {
  const rows = await db
    .select({ role: memberships.role, owner: users.isInstanceOwner })
    .from(linkedAccounts)
    .innerJoin(users, eq(users.id, linkedAccounts.userId))
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.communityId, communityId)))
    .where(and(eq(linkedAccounts.provider, 'discord'), eq(linkedAccounts.providerAccountId, discordUserId)));
  return rows.some((r) => r.owner || r.role === 'owner' || r.role === 'officer');
}
