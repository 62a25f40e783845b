import type { Prompter } from './prompt';

/**
 * Reads a choice among `count` numbered items: `a`/`all`, or numbers separated by commas or
 * spaces (`1`, `1,3`). Returns the chosen zero-based indexes, or undefined if unreadable.
 */
export function parseChoice(answer: string, count: number): number[] | undefined {
  const text = answer.trim().toLowerCase();
  if (text === 'a' || text === 'all') return Array.from({ length: count }, (_, index) => index);
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const chosen = new Set<number>();
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return undefined;
    const number = Number(part);
    if (number < 1 || number > count) return undefined;
    chosen.add(number - 1);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Asks which of several discovered files to upload; an empty answer means all of them. */
export async function askWhichFiles(prompter: Prompter, files: string[]): Promise<string[] | undefined> {
  prompter.say(`Found ${files.length} Guild Activity Tracker files:`);
  files.forEach((file, index) => {
    prompter.say(`  ${index + 1}) ${file}`);
  });
  while (true) {
    const answer = await prompter.ask(`Upload which? [Enter or a = all, 1-${files.length}]: `);
    if (answer === undefined) return undefined;
    const chosen = answer === '' ? parseChoice('a', files.length) : parseChoice(answer, files.length);
    if (chosen) return chosen.map((index) => files[index]!);
    prompter.say(`Please answer a, or numbers between 1 and ${files.length}.`);
  }
}
