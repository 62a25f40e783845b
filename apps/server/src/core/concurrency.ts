/**
 * A lane's own resource, opened when the lane starts and closed when it ends: a database
 * connection that runs one statement at a time, say.
 */
export interface Lane<L> {
  open: () => Promise<L>;
  close: (lane: L) => void;
}

/**
 * Runs `fn` over `items` in `limit` lanes, each taking the next item as it frees up (items start
 * in order). With `lane`, each lane opens its resource once, hands it to every `fn` it runs and
 * closes it when it ends.
 *
 * A failure stops every lane from taking further items; the items already started finish, the
 * lanes close, and then the first failure is thrown: nothing runs on after the call returns.
 */
export async function forEachLimit<T, L = undefined>(
  items: readonly T[],
  limit: number,
  fn: (item: T, lane: L) => Promise<void>,
  lane?: Lane<L>,
): Promise<void> {
  if (items.length === 0) return;
  let next = 0;
  let failure: { error: unknown } | undefined;
  const run = async () => {
    const resource = lane ? await lane.open() : (undefined as L);
    try {
      while (failure === undefined && next < items.length) await fn(items[next++] as T, resource);
    } finally {
      if (lane) lane.close(resource);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () =>
      run().catch((error: unknown) => {
        failure ??= { error };
      }),
    ),
  );
  if (failure) throw failure.error;
}
