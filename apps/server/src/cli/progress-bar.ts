/**
 * A progress bar on stderr for long CLI work: redrawn in place on a terminal; on a pipe or a
 * log file, one line when the step changes and at each quarter, so logs stay short.
 */
export interface ProgressUpdate {
  label: string;
  done: number;
  total: number;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  let lastLabel = '';
  let lastQuarter = -1;
  let drawn = false;
  return {
    update({ label, done, total }: ProgressUpdate): void {
      const pct = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;
      const width = 24;
      const filled = Math.round((pct * width) / 100);
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% (${done}/${total})`;
      if (tty) {
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
      } else if (label !== lastLabel || Math.floor(pct / 25) !== lastQuarter) {
        stream.write(`${line}\n`);
      }
      lastLabel = label;
      lastQuarter = Math.floor(pct / 25);
    },
    /** Ends the bar's line so what follows starts on its own. */
    finish(): void {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
