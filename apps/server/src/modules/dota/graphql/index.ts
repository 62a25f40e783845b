export { type DotaGraphqlOptions, dotaGraphqlRoutes } from './plugin';
export { dotaServicesFor, installDotaServices, noModelServices } from './services-slot';
