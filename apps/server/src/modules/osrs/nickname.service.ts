import type { Executor } from '../../core/db';
import { requireCommunity } from '../communities';
import { findMemberByNormalizedName, setDiscordLink } from './discord.repo';
import { normalizeRsn } from './discord-activity';
import * as names from './names.repo';
import { nicknameMatcher } from './nickname-rule';

/**
 * The nickname rule as a member speaks: their Discord name is kept (to apply the rule again
 * later), and a clan member it names is linked to them, unless linked by hand.
 */
export async function linkByRule(
  db: Executor,
  communityId: string,
  rule: string | undefined,
  discordUserId: string,
  displayName: string,
): Promise<void> {
  await names.recordSeenName(db, communityId, discordUserId, displayName.slice(0, 100));
  const rsn = nicknameMatcher(rule)(displayName);
  if (!rsn) return;
  const member = await findMemberByNormalizedName(db, communityId, rsn);
  if (member) await setDiscordLink(db, { memberId: member.id, communityId, discordUserId, source: 'rule' });
}

export interface RuleApplied {
  rule: string;
  /** Links the rule holds now, and rule links it dropped (manual links are never touched). */
  links: number;
  removed: number;
}

/** Applies the community's current rule again to every Discord name seen: the rule links are rebuilt. */
export async function applyNicknameRule(db: Executor, communityId: string): Promise<RuleApplied> {
  const community = await requireCommunity(db, communityId);
  const rule = community.settings.osrsNicknameRule ?? 'exact';
  const match = nicknameMatcher(rule);
  return db.transaction(async (tx) => {
    const before = await names.listRuleLinks(tx, communityId);
    const members = new Map<string, string>();
    for (const m of await names.listActiveMemberNames(tx, communityId)) {
      const key = normalizeRsn(m.name);
      if (!members.has(key)) members.set(key, m.id);
    }
    await names.deleteRuleLinks(tx, communityId);
    const after = new Set<string>();
    for (const seen of await names.listSeenNames(tx, communityId)) {
      const rsn = match(seen.name);
      const memberId = rsn ? members.get(rsn) : undefined;
      if (!memberId) continue;
      const row = await setDiscordLink(tx, {
        memberId,
        communityId,
        discordUserId: seen.discordUserId,
        source: 'rule',
      });
      if (row?.source === 'rule') after.add(`${memberId}:${seen.discordUserId}`);
    }
    const removed = before.filter((l) => !after.has(`${l.memberId}:${l.discordUserId}`)).length;
    return { rule, links: after.size, removed };
  });
}
