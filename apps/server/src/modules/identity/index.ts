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
export { tokenRoutes } from './tokens.routes';
export {
  ACCESS_TOKEN_TTL_S,
  issueTokens,
  refreshTokens,
  type TokenPair,
  verifyAccessToken,
} from './tokens.service';
