import type { CombatLogOutcome } from './combat-log';
import type { AgentEvent } from './events';
import type { UploadSummary } from './upload-response';

/** `3.2 MB`, `410 KB`, `512 B` (binary units, one decimal below 10). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}

/** `8s`, `2m 30s`, `1h 5m`, rounded up so it never looks shorter than the real wait. */
export function formatDelay(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 90) return seconds % 60 ? `${minutes}m ${seconds % 60}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}

/** Local wall-clock time, `12:04:31`. */
export function formatClock(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => part.toString().padStart(2, '0'))
    .join(':');
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

export function formatSummary(summary: UploadSummary): string {
  const parts = [
    `+${plural(summary.added, 'member')}`,
    `${summary.updated} updated`,
    `${summary.inactivated} inactivated`,
  ];
  if (summary.reactivated > 0) parts.push(`${summary.reactivated} reactivated`);
  parts.push(plural(summary.snapshots, 'snapshot'), plural(summary.chatDays, 'chat day'));
  return parts.join(', ');
}

export interface StatusLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** The one status line printed for each event. */
export function formatEvent(event: AgentEvent, at: Date): StatusLine {
  const time = formatClock(at);
  switch (event.type) {
    case 'uploaded': {
      const { entry, accepted } = event;
      const sizes = `${formatBytes(entry.rawSize)} → ${formatBytes(entry.gzipSize)}`;
      const result = accepted.unchanged
        ? 'unchanged'
        : accepted.summary
          ? formatSummary(accepted.summary)
          : 'accepted';
      return { stream: 'stdout', text: `${time} uploaded ${entry.displayName} (${sizes}): ${result}` };
    }
    case 'retrying':
      return {
        stream: 'stdout',
        text: `${time} ${event.entry.displayName}: retrying in ${formatDelay(event.delayMs)} (${event.reason})`,
      };
    case 'rejected':
      return {
        stream: 'stderr',
        text: `${time} the server rejected ${event.entry.displayName} (${event.status} ${event.code}: ${event.message}); this version was dropped`,
      };
    case 'gave-up':
      return {
        stream: 'stderr',
        text: `${time} gave up on ${event.entry.displayName} after ${plural(event.attempts, 'attempt')} (${event.reason}); it stays in the spool for the next run`,
      };
    case 'refused':
      return { stream: 'stderr', text: `guildhall-agent: ${event.explanation}` };
    case 'unchanged-locally':
      return { stream: 'stdout', text: `${time} ${event.displayName}: unchanged since the last upload` };
    case 'replaced':
      return {
        stream: 'stdout',
        text: `${time} ${event.entry.displayName}: a newer version replaces the one waiting to be sent`,
      };
    case 'spool-pending':
      return {
        stream: 'stdout',
        text: `${time} sending ${plural(event.count, 'upload')} left from an earlier run`,
      };
    case 'file-missing':
      return { stream: 'stderr', text: `${time} ${event.path} does not exist` };
    case 'file-awaited':
      return {
        stream: 'stdout',
        text: `${time} ${event.path} does not exist yet; it is uploaded once it appears`,
      };
    case 'failure':
      return { stream: 'stderr', text: `${time} ${event.message}` };
    case 'combat-log':
      return formatCombatLog(event.outcome, time);
  }
}

function formatCombatLog(o: CombatLogOutcome, time: string): StatusLine {
  switch (o.kind) {
    case 'sent':
      return {
        stream: 'stdout',
        text: `${time} combat log ${o.name} sent up to byte ${o.offset}: ${plural(o.events, 'new event')}`,
      };
    case 'up-to-date':
      return { stream: 'stdout', text: `${time} combat log ${o.name}: the server has it all` };
    case 'not-a-log':
      return { stream: 'stderr', text: `${time} ${o.name} is not a combat log; skipped` };
    case 'refused':
      return {
        stream: 'stderr',
        text: `${time} combat logs refused (HTTP ${o.status}, ${o.message}): the key needs the telemetry scope; combat logs stop here`,
      };
    case 'failed':
      return {
        stream: 'stderr',
        text: `${time} combat log ${o.name} not sent (${o.message})${o.retry ? '; retrying' : ''}`,
      };
  }
}
