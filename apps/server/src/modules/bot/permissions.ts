import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import * as repo from './bot.repo';
import { type BotModule, botModules, type GrantSubject } from './bot.tables';

/** Discord's permission bits that hold every module of a server (PermissionFlagsBits). */
export const ADMINISTRATOR = 1n << 3n;
export const MANAGE_GUILD = 1n << 5n;

/** Who is asking, as Discord describes a server member (the web fills it from the member's guild data). */
export interface DiscordSubject {
  userId: string;
  roleIds: readonly string[];
  /** The member's computed permissions in the server (interaction `member.permissions`). */
  permissions: bigint;
}

export interface ModuleGrant {
  module: BotModule;
  subjectType: GrantSubject;
  subjectId: string;
}

/** Whether the member manages the server (Manage Server, or Administrator, which implies it). */
export function managesGuild(subject: Pick<DiscordSubject, 'permissions'>): boolean {
  return (subject.permissions & (MANAGE_GUILD | ADMINISTRATOR)) !== 0n;
}

/**
 * The one permission rule for bot modules, used by the bot and the web alike: Manage Server
 * holds every module; anyone else needs a grant of that module to their user or one of their roles.
 */
export function holdsModule(
  subject: DiscordSubject,
  module: BotModule,
  grants: readonly ModuleGrant[],
): boolean {
  if (managesGuild(subject)) return true;
  return grants.some(
    (g) =>
      g.module === module &&
      ((g.subjectType === 'user' && g.subjectId === subject.userId) ||
        (g.subjectType === 'role' && subject.roleIds.includes(g.subjectId))),
  );
}

const SNOWFLAKE = /^\d{17,20}$/;

function checkGrant(module: string, subjectId: string): asserts module is BotModule {
  if (!(botModules as readonly string[]).includes(module))
    throw new AppError('INVALID_VALUE', `unknown module ${module}: one of ${botModules.join(', ')}`);
  if (!SNOWFLAKE.test(subjectId))
    throw new AppError('INVALID_VALUE', 'a Discord role or user id is a snowflake (17 to 20 digits)');
}

/** Grants a module to a Discord role or user of the community's server (idempotent). */
export async function grantModule(
  db: Executor,
  communityId: string,
  grant: { module: string; subjectType: GrantSubject; subjectId: string },
  grantedBy: string,
): Promise<void> {
  checkGrant(grant.module, grant.subjectId);
  await repo.insertModuleGrant(db, { communityId, ...grant, module: grant.module, grantedBy });
}

/** Takes a grant back; answers whether there was one. */
export async function revokeModule(
  db: Executor,
  communityId: string,
  grant: { module: string; subjectType: GrantSubject; subjectId: string },
): Promise<boolean> {
  checkGrant(grant.module, grant.subjectId);
  return repo.deleteModuleGrant(db, { communityId, ...grant, module: grant.module });
}

export async function listModuleGrants(db: Executor, communityId: string): Promise<ModuleGrant[]> {
  return (await repo.findModuleGrants(db, communityId)).map(({ module, subjectType, subjectId }) => ({
    module,
    subjectType,
    subjectId,
  }));
}

/** `holdsModule` against the community's stored grants. */
export async function canUseModule(
  db: Executor,
  communityId: string,
  subject: DiscordSubject,
  module: BotModule,
): Promise<boolean> {
  if (managesGuild(subject)) return true;
  return holdsModule(subject, module, await repo.findModuleGrants(db, communityId, [module]));
}
