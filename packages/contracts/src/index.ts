export * from './common';
export * from './communities';
export * from './access';
