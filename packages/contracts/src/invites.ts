import { z } from 'zod';
import { zInt } from './common';

/** The roles an invite link grants (owners are named by an owner, never by a link). */
export const zInviteRole = z.enum(['officer', 'member']);

export const zInviteCreate = z.object({
  role: zInviteRole,
  /** How long the link works: one hour to thirty days (default seven days). */
  expiresInHours: zInt()
    .min(1)
    .max(24 * 30)
    .default(24 * 7),
});
export type TInviteCreate = z.input<typeof zInviteCreate>;

export const zInviteState = z.enum(['open', 'used', 'expired', 'revoked']);
export type TInviteState = z.infer<typeof zInviteState>;

export const zInvite = z.object({
  id: z.string(),
  role: zInviteRole,
  state: zInviteState,
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  usedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TInvite = z.infer<typeof zInvite>;

/** Answered once, at creation: the link holds the token, which is stored only as a hash. */
export const zInviteCreated = zInvite.extend({ token: z.string(), url: z.string() });
export type TInviteCreated = z.infer<typeof zInviteCreated>;

/** What the invite page shows before anyone signs in. */
export const zInvitePreview = z.object({
  state: z.union([zInviteState, z.literal('unknown')]),
  community: z.object({ id: z.string(), name: z.string(), game: z.string() }).nullable(),
  role: zInviteRole.nullable(),
  expiresAt: z.string().nullable(),
});
export type TInvitePreview = z.infer<typeof zInvitePreview>;

export const zInviteAccepted = z.object({
  communityId: z.string(),
  role: z.enum(['owner', 'officer', 'member']),
});
export type TInviteAccepted = z.infer<typeof zInviteAccepted>;
