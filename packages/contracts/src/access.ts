import { z } from 'zod';
import { zInstant, zQueryInt, zText } from './common';
import { zModuleName } from './communities';

export const zRole = z.enum(['owner', 'officer', 'member']);
export const zApiKeyScope = z.enum(['upload', 'read', 'telemetry', 'events']);
export type TApiKeyScope = z.infer<typeof zApiKeyScope>;
export const zPermissionLevel = z.enum(['view', 'manage']);

export const zApiKeyCreate = z.object({
  name: zText(80).trim().min(1).default('API key'),
  scopes: z.array(zApiKeyScope).min(1).max(10),
});

export const zApiKey = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(zApiKeyScope),
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** When a file last arrived with this key: the agent on that PC works. */
  lastUploadAt: z.string().nullable(),
});
export type TApiKey = z.infer<typeof zApiKey>;

/** The only time a key is shown whole. */
export const zApiKeyCreated = zApiKey.extend({ key: z.string() });

export const zAuditEntry = z.object({
  id: z.number(),
  communityId: z.string().nullable(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  result: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  at: z.string(),
});
export type TAuditEntry = z.infer<typeof zAuditEntry>;

export const zAuditQuery = z.object({
  actor: zText(120).optional(),
  action: zText(120).optional(),
  from: zInstant.optional(),
  to: zInstant.optional(),
  limit: zQueryInt().min(1).max(500).default(50),
  offset: zQueryInt().min(0).default(0),
});

export const zMembershipUpdate = z.object({
  role: zRole.optional(),
  /** Per-module levels (null takes a grant away): only the modules there are, so at most one each. */
  permissions: z.partialRecord(zModuleName, zPermissionLevel.nullable()).optional(),
});

export const zMe = z.object({
  user: z.object({ id: z.string(), displayName: z.string(), isInstanceOwner: z.boolean() }).nullable(),
  communities: z.array(z.object({ id: z.string(), name: z.string(), role: zRole })),
});

/** A user as the installation's owner sees them in the users list. */
export const zUserAccount = z.object({
  id: z.string(),
  displayName: z.string(),
  isInstanceOwner: z.boolean(),
  createdAt: z.string(),
  deactivatedAt: z.string().nullable(),
});
export type TUserAccount = z.infer<typeof zUserAccount>;
