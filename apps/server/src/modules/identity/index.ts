export { SESSION_COOKIE } from './auth-cookies';
export { findDiscordAccount } from './identity.repo';
export { identityRoutes } from './identity.routes';
export {
  createLoginToken,
  createSession,
  createUser,
  endUserSessions,
  ensureInstanceOwner,
  findUser,
  listUsers,
  setUserDeactivated,
  type User,
  userForSession,
} from './identity.service';
export { type SteamAccount, steamAccountIdsOfCommunity, steamAccountOfUser } from './steam-accounts';
export {
  accountIdToSteamId64,
  isSteamId64,
  MAX_ACCOUNT_ID,
  STEAM_ID64_BASE,
  steamId64ToAccountId,
} from './steam-id';
export { tokenRoutes } from './tokens.routes';
export {
  ACCESS_TOKEN_TTL_S,
  issueTokens,
  refreshTokens,
  type TokenPair,
  verifyAccessToken,
} from './tokens.service';
