export { communitiesRoutes } from './communities.routes';
export {
  adoptCommunityRealm,
  type Community,
  cacheKey as communityCacheKey,
  createCommunity,
  getCommunity,
  isUuid,
  listCommunities,
  presentCommunity,
  readCredential,
  requireCommunity,
  setCredential,
  updateCommunity,
} from './communities.service';
export { games, languages } from './communities.tables';
