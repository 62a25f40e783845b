export { SESSION_COOKIE } from './auth-cookies';
export { identityRoutes } from './identity.routes';
export {
  createLoginToken,
  createSession,
  createUser,
  ensureInstanceOwner,
  findUser,
  type User,
  userForSession,
} from './identity.service';
