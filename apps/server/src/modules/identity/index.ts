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
