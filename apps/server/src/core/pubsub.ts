import { Redis } from 'ioredis';

export type PubSubListener = (message: string) => void;

/**
 * Fire-and-forget messages between the parts of one installation: in process when there is a
 * single process, over Redis pub/sub when `REDIS_URL` is set, so a message published by any API
 * process reaches the subscribers of every process (live streams, cache-like notices). Nothing
 * is kept: a subscriber hears what is published after its `subscribe` resolved.
 */
export interface PubSub {
  readonly kind: 'inprocess' | 'redis';
  publish(channel: string, message: string): Promise<void>;
  /**
   * Whether anyone (in any process) listens on the channel now: a publisher skips building a
   * message nobody would hear. A listener arriving just after hears from the next message on.
   */
  hasListeners(channel: string): Promise<boolean>;
  /** Resolves once messages on the channel are delivered; answers the unsubscribe. */
  subscribe(channel: string, listener: PubSubListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Listeners per channel, each called on its own so one throwing does not starve the others. */
class Listeners {
  private readonly byChannel = new Map<string, Set<PubSubListener>>();

  add(channel: string, listener: PubSubListener): boolean {
    let set = this.byChannel.get(channel);
    const first = set === undefined;
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
    }
    set.add(listener);
    return first;
  }

  /** Answers whether the channel has no listener left. */
  remove(channel: string, listener: PubSubListener): boolean {
    const set = this.byChannel.get(channel);
    if (!set?.delete(listener)) return false;
    if (set.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  has(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  deliver(channel: string, message: string, onError: (err: unknown) => void): void {
    const set = this.byChannel.get(channel);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(message);
      } catch (err) {
        onError(err);
      }
    }
  }

  clear(): void {
    this.byChannel.clear();
  }
}

export function createInProcessPubSub(opts: { onError?: (err: unknown) => void } = {}): PubSub {
  const listeners = new Listeners();
  const onError = opts.onError ?? (() => {});
  return {
    kind: 'inprocess',
    async publish(channel, message) {
      // Delivered after the publisher's own work, as Redis would.
      queueMicrotask(() => listeners.deliver(channel, message, onError));
    },
    async hasListeners(channel) {
      return listeners.has(channel);
    },
    async subscribe(channel, listener) {
      listeners.add(channel, listener);
      return async () => {
        listeners.remove(channel, listener);
      };
    },
    async close() {
      listeners.clear();
    },
  };
}

/**
 * Redis pub/sub: one connection publishes, one holds the subscriptions (a subscribed Redis
 * connection can do nothing else). Channels are named under `prefix`, so installations sharing
 * a Redis do not hear each other. Each Redis channel is subscribed once per process, however
 * many local listeners it has, and dropped with its last one.
 */
export function createRedisPubSub(opts: {
  url: string;
  prefix: string;
  onError?: (err: unknown) => void;
}): PubSub {
  const onError = opts.onError ?? (() => {});
  const pub = new Redis(opts.url, { maxRetriesPerRequest: 2 });
  const sub = new Redis(opts.url, { maxRetriesPerRequest: 2 });
  pub.on('error', onError);
  sub.on('error', onError);
  const listeners = new Listeners();
  const subscribed = new Map<string, Promise<unknown>>();
  const full = (channel: string) => `${opts.prefix}:pubsub:${channel}`;
  const head = `${opts.prefix}:pubsub:`;
  sub.on('message', (channel: string, message: string) => {
    if (channel.startsWith(head)) listeners.deliver(channel.slice(head.length), message, onError);
  });
  return {
    kind: 'redis',
    async publish(channel, message) {
      await pub.publish(full(channel), message);
    },
    async hasListeners(channel) {
      const [, count] = (await pub.pubsub('NUMSUB', full(channel))) as [string, number];
      return Number(count) > 0;
    },
    async subscribe(channel, listener) {
      if (listeners.add(channel, listener)) subscribed.set(channel, sub.subscribe(full(channel)));
      try {
        // A second listener waits for the first one's SUBSCRIBE too.
        await subscribed.get(channel);
      } catch (err) {
        if (listeners.remove(channel, listener)) subscribed.delete(channel);
        throw err;
      }
      return async () => {
        if (listeners.remove(channel, listener)) {
          subscribed.delete(channel);
          await sub.unsubscribe(full(channel)).catch(onError);
        }
      };
    },
    async close() {
      listeners.clear();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
