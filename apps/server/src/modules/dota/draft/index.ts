export { type DotaDraftRoutesOptions, dotaDraftRoutes } from './draft.routes';
export { DraftHub } from './draft-hub';
