export { type DotaGraphqlOptions, dotaGraphqlRoutes } from './plugin';
