export { accessRoutes } from './access.routes';
export {
  type ApiKey,
  authenticateApiKey,
  createApiKey,
  listApiKeys,
  listMemberships,
  presentApiKey,
  recordApiKeyUpload,
  removeMembership,
  revokeApiKey,
  roleOf,
  setMembership,
  setUserActive,
} from './access.service';
export { type ApiKeyScope, apiKeyScopes, type Role, roles } from './access.tables';
export { createAuthorizer, type ExternalRole } from './authorizer';
export { inviteRoutes } from './invites.routes';
export {
  acceptInvite,
  createInvite,
  type Invite,
  listInvites,
  previewInvite,
  revokeInvite as revokeInviteLink,
} from './invites.service';
