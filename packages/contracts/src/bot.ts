import { z } from 'zod';
import { zListOf } from './common';

/** One interaction the Discord bot handled, as the command log shows it. */
export const zBotCommandLogItem = z.object({
  id: z.number().int(),
  guildId: z.string().nullable(),
  channelId: z.string().nullable(),
  userId: z.string(),
  userName: z.string(),
  kind: z.enum(['command', 'component', 'modal', 'unknown']),
  /** The command's name, or the `module:action` of a component or modal. */
  name: z.string(),
  options: z.record(z.string(), z.unknown()),
  /** `ok`, or the code the interaction ended with (MISSING_PERMISSION, UNKNOWN_INTERACTION, INTERNAL…). */
  outcome: z.string(),
  latencyMs: z.number().int(),
  transport: z.enum(['http', 'gateway']),
  at: z.string(),
});
export type TBotCommandLogItem = z.infer<typeof zBotCommandLogItem>;
export const zBotCommandLogList = zListOf(zBotCommandLogItem);
