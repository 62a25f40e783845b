import type { AppContext } from '../../core/context';
import * as repo from './bot.repo';

type Row = repo.CommandLogInsert;

/**
 * Writes command-log rows after the answers went out, several at a time: the interactions
 * answered in one turn of the event loop share one insert, so a burst of clicks costs the
 * database one statement rather than one each. A failed write is logged, never thrown.
 */
export class CommandLogWriter {
  private buffer: Row[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly app: AppContext) {}

  add(row: Row): void {
    this.buffer.push(row);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    try {
      await repo.insertCommandLog(this.app.db, rows);
    } catch (err) {
      this.app.log.error({ err, rows: rows.length }, 'bot command log write failed');
    } finally {
      this.flushing = undefined;
      if (this.buffer.length > 0) this.flushing = this.flush();
    }
  }

  /** Resolves once every row added so far is written. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }
}
