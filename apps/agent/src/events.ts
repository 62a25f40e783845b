import type { CombatLogOutcome } from './combat-log';
import type { SpoolEntry } from './spool';
import type { UploadAccepted } from './upload-response';

/** Everything the agent reports while it runs; the CLI turns each into one status line. */
export type AgentEvent =
  | { type: 'uploaded'; entry: SpoolEntry; accepted: UploadAccepted }
  | { type: 'retrying'; entry: SpoolEntry; delayMs: number; reason: string; attempt: number }
  | { type: 'rejected'; entry: SpoolEntry; status: number; code: string; message: string }
  | { type: 'gave-up'; entry: SpoolEntry; attempts: number; reason: string }
  | { type: 'refused'; status: number; code: string; message: string; explanation: string }
  | { type: 'unchanged-locally'; displayName: string }
  | { type: 'replaced'; entry: SpoolEntry }
  | { type: 'spool-pending'; count: number }
  | { type: 'file-missing'; path: string }
  | { type: 'file-awaited'; path: string }
  | { type: 'failure'; message: string }
  | { type: 'combat-log'; outcome: CombatLogOutcome };

export type Report = (event: AgentEvent) => void;
