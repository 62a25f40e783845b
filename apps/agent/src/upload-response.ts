/** The server's answers to `POST /api/upload`, read defensively: the agent must not crash on them. */

export interface UploadSummary {
  added: number;
  updated: number;
  inactivated: number;
  reactivated: number;
  snapshots: number;
  chatDays: number;
}

export interface UploadAccepted {
  uploadId: string | undefined;
  unchanged: boolean;
  summary: UploadSummary | undefined;
}

export interface ServerError {
  code: string;
  message: string;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function readAccepted(body: unknown): UploadAccepted {
  const record = asRecord(body);
  const summary = asRecord(record?.summary);
  return {
    uploadId: typeof record?.uploadId === 'string' ? record.uploadId : undefined,
    unchanged: record?.unchanged === true,
    summary: summary
      ? {
          added: count(summary.added),
          updated: count(summary.updated),
          inactivated: count(summary.inactivated),
          reactivated: count(summary.reactivated),
          snapshots: count(summary.snapshots),
          chatDays: count(summary.chatDays),
        }
      : undefined,
  };
}

export function readServerError(body: unknown, status: number): ServerError {
  const error = asRecord(asRecord(body)?.error);
  const code = typeof error?.code === 'string' && error.code ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' && error.message ? error.message : 'no details given';
  return { code: oneLine(code), message: oneLine(message) };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Server text ends up in a one-line status: keep it on one line and reasonably short. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
