/**
 * An invite opened before signing in. Every way of signing in (a login link, Discord,
 * Battle.net, Steam) ends on the server's redirect to `/`, which knows nothing of the invite:
 * the invite page notes its token here and `/` sends the now signed-in user back to it.
 */
const KEY = 'guildhall.pendingInvite';
/** An hour is plenty to sign in; an older note is dropped rather than followed. */
const TTL_MS = 3_600_000;

export function rememberPendingInvite(token: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ token, at: Date.now() }));
  } catch {}
}

export function forgetPendingInvite(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {}
}

export function pendingInvite(): string | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const { token, at } = JSON.parse(raw) as { token?: unknown; at?: unknown };
    if (typeof token !== 'string' || typeof at !== 'number' || Date.now() - at > TTL_MS) {
      forgetPendingInvite();
      return null;
    }
    return token;
  } catch {
    return null;
  }
}
