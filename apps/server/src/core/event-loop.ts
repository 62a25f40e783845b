/**
 * Lets the event loop answer what is waiting (requests, timers) before going on: long loops on
 * the server's thread call it every so many items, so no stretch holds requests for long.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
