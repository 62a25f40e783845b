/** What the CLI loads only when it runs the server or a command against the database itself. */
export { buildApp } from './app';
export { newAdminToken, registerAdminChannel } from './cli/admin-channel';
export { publicUrl, runOperation } from './cli/operations';
export { createContext } from './core/context';
export { DatabaseLockedError } from './core/db';
export { createLoginToken, ensureInstanceOwner } from './modules/identity';
export { registerJobs, startDiscordBot, warmModules } from './modules/registry';
