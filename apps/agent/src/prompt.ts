import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Line-by-line questions on a terminal (or piped input). Answers are undefined once input ends or on Ctrl-C. */
export interface Prompter {
  ask(question: string): Promise<string | undefined>;
  /** Like ask, but what is typed is not echoed (for the API key). */
  askSecret(question: string): Promise<string | undefined>;
  say(text: string): void;
  close(): void;
}

export function createPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  let muted = false;
  // readline echoes typed characters through this stream, so muting it hides the key.
  const echo = new Writable({
    write(chunk, encoding, callback) {
      if (!muted) output.write(chunk, encoding);
      callback();
    },
  });
  const terminal = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: echo, terminal });
  // The iterator buffers lines that arrive before they are asked for (piped answers).
  const lines = rl[Symbol.asyncIterator]();
  rl.on('SIGINT', () => {
    output.write('\n');
    rl.close();
  });

  const next = async (question: string): Promise<string | undefined> => {
    rl.setPrompt(question);
    rl.prompt();
    const line = await lines.next();
    if (!terminal) output.write('\n');
    return line.done ? undefined : line.value.trim();
  };

  return {
    ask: (question) => next(question),
    async askSecret(question) {
      rl.setPrompt(question);
      rl.prompt();
      muted = true;
      try {
        const line = await lines.next();
        return line.done ? undefined : line.value.trim();
      } finally {
        muted = false;
        output.write('\n');
      }
    },
    say: (text) => {
      output.write(`${text}\n`);
    },
    close: () => rl.close(),
  };
}
