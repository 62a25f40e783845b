export * from './access';
export * from './activity';
export * from './common';
export * from './communities';
export * from './dashboard';
export * from './integrations';
export * from './notify';
export * from './wow';
