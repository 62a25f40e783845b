import { type InteractionContext, managesGuild } from '../bot';
import { isCommunityOfficer } from './officers.repo';

/**
 * Who may set links for others and choose counted channels from Discord: a member with Manage
 * Server, or someone signed in to Guildhall with this Discord account who is an owner or
 * officer of the community (or the installation's owner).
 */
export async function isOsrsOfficer(ctx: InteractionContext): Promise<boolean> {
  if (ctx.member && managesGuild(ctx.member)) return true;
  if (!ctx.link) return false;
  return isCommunityOfficer(ctx.app.db, ctx.link.communityId, ctx.user.id);
}
