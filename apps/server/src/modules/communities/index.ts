export { communitiesRoutes } from './communities.routes';
export {
  type Community,
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
