import { z } from 'zod';

/** The Steam account linked to the signed-in user. */
export const zLinkedSteamAccount = z.object({
  /** The 64-bit SteamID, as a decimal string (it is above 2^53). */
  steamId64: z.string(),
  /** The 32-bit account id OpenDota and the Dota client use. */
  accountId: z.number().int(),
  /** The persona name when the installation reads it, else null. */
  displayName: z.string().nullable(),
  linkedAt: z.string(),
});

/** `GET /api/v1/me/linked-accounts`: the provider accounts the signed-in user signs in with. */
export const zLinkedAccounts = z.object({
  steam: zLinkedSteamAccount.nullable(),
  discord: z.object({ id: z.string(), displayName: z.string().nullable() }).nullable(),
});
export type TLinkedAccounts = z.infer<typeof zLinkedAccounts>;
