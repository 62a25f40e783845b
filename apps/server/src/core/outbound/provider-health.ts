/**
 * How each outside API has been answering this process: since when it has answered only 5xx,
 * 429 or nothing at all (a timeout, a refused connection). The ops alerts read it; any other
 * answer (2xx, or a 4xx about the request itself) ends the streak.
 */
export interface ProviderStreak {
  provider: string;
  /** When the current run of failed answers began (ms since the epoch). */
  failingSince: number;
  /** The latest failed answer: an HTTP status, `timeout` or `network`. */
  lastStatus: number | 'timeout' | 'network';
  failures: number;
}

const streaks = new Map<string, ProviderStreak>();
/** Providers that answered well at least once since their last streak (so an alert may be cleared). */
const healthy = new Set<string>();

export const isProviderFailure = (status: number | 'timeout' | 'network') =>
  typeof status !== 'number' || status === 429 || status >= 500;

export function noteProviderAnswer(
  provider: string,
  status: number | 'timeout' | 'network',
  now: number = Date.now(),
): void {
  if (!isProviderFailure(status)) {
    streaks.delete(provider);
    healthy.add(provider);
    return;
  }
  healthy.delete(provider);
  const streak = streaks.get(provider);
  if (streak) {
    streak.lastStatus = status;
    streak.failures += 1;
  } else streaks.set(provider, { provider, failingSince: now, lastStatus: status, failures: 1 });
}

/** Providers failing now, and those seen answering well since. */
export function providerHealth(): { failing: ProviderStreak[]; healthy: string[] } {
  return { failing: [...streaks.values()].map((s) => ({ ...s })), healthy: [...healthy] };
}

/** Forgets everything (tests). */
export function resetProviderHealth(): void {
  streaks.clear();
  healthy.clear();
}
