import { z } from 'zod';

export const zRole = z.enum(['owner', 'officer', 'member']);
export const zApiKeyScope = z.enum(['upload', 'read']);
export const zPermissionLevel = z.enum(['view', 'manage']);

export const zApiKeyCreate = z.object({
  name: z.string().trim().min(1).max(80).default('API key'),
  scopes: z.array(zApiKeyScope).min(1),
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
  actor: z.string().max(120).optional(),
  action: z.string().max(120).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const zMembershipUpdate = z.object({
  role: zRole.optional(),
  permissions: z.record(z.string(), zPermissionLevel.nullable()).optional(),
});

export const zMe = z.object({
  user: z.object({ id: z.string(), displayName: z.string(), isInstanceOwner: z.boolean() }).nullable(),
  communities: z.array(z.object({ id: z.string(), name: z.string(), role: zRole })),
});
