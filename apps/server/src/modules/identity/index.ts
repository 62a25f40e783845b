export { identityRoutes, SESSION_COOKIE } from './identity.routes';
export {
  createLoginToken,
  createSession,
  createUser,
  ensureInstanceOwner,
  findUser,
  type User,
  userForSession,
} from './identity.service';
