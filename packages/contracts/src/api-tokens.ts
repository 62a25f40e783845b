import { z } from 'zod';
import { zText } from './common';

/** What `POST /api/v1/auth/tokens` and `…/refresh` answer: a bearer access token and its refresh token. */
export const zTokenPair = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds the access token lives. */
  expiresIn: z.number().int(),
  /** Single use: spending it issues the next pair; presenting it twice revokes the family. */
  refreshToken: z.string(),
  refreshExpiresAt: z.string(),
});
export type TTokenPair = z.infer<typeof zTokenPair>;

export const zRefreshRequest = z.object({ refreshToken: zText(200).min(10) });
/** `DELETE /api/v1/auth/tokens`: the refresh token of the family to revoke, or none with a bearer token. */
export const zRevokeRequest = z.object({ refreshToken: zText(200).min(10).optional() }).optional();
