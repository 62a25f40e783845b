/** A promise with its resolver outside: a latch a test opens once the moment it waits for comes. */
export function latch<T = void>(): { opened: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
