/**
 * The one "online" rule of every page and API: a character is online only when the last
 * snapshot that saw it online is at most this old. The addon writes its file when the game
 * saves it and the agent uploads it within minutes, so an older "online" is a guess; past
 * the window the dashboard shows "last seen …" instead.
 */
export const ONLINE_WINDOW_MS = 15 * 60_000;

/** Online now: flagged online by the latest roster and seen within the window before `now`. */
export function isOnlineNow(flag: boolean, lastSeenAt: Date | string | null, now: Date): boolean {
  if (!flag || lastSeenAt === null) return false;
  const seen = typeof lastSeenAt === 'string' ? Date.parse(lastSeenAt) : lastSeenAt.getTime();
  // A time slightly ahead of the server's clock (an uploader's clock) still counts as now.
  return now.getTime() - seen <= ONLINE_WINDOW_MS;
}

/** Whether a snapshot (an online count) taken at `at` still describes now. */
export function isCurrentSnapshot(at: Date | string | null, now: Date): boolean {
  if (at === null) return false;
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return now.getTime() - t <= ONLINE_WINDOW_MS;
}
