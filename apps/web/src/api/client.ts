import { stripInvisible } from '@guildhall/contracts';

/**
 * Parses an answer with every string cleaned of bidirectional overrides and zero-width
 * characters: player names, rank names and chat come from game files, and a name holding
 * U+202E would read backwards on every page that shows it.
 */
export function parseApiJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' ? stripInvisible(value) : value,
  );
}

/** The API's one error shape, as a thrown value the pages can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * JSON over fetch with the session cookie. Reads answer `cache-control: no-cache` with an
 * ETag, so the browser revalidates and a 304 costs no body.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {},
): Promise<T> {
  const res = await fetch(withQuery(path, init.query), {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers:
      init.body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? parseApiJson(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'HTTP_ERROR',
      err?.message ?? `${res.status} ${res.statusText}`,
    );
  }
  return json as T;
}

export interface List<T> {
  items: T[];
  total: number;
}
