import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** A PostgreSQL client tool (`pg_dump`, `pg_restore`) is not installed. */
export class BackupToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(
      `${tool} was not found on PATH: install the PostgreSQL client tools (e.g. apt-get install postgresql-client) to back up or restore a PostgreSQL database`,
    );
    this.name = 'BackupToolMissingError';
  }
}

export async function requireTool(cmd: string): Promise<string> {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    const full = path.join(d, cmd);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  throw new BackupToolMissingError(cmd);
}

/**
 * A PostgreSQL URL split for a client tool: the password goes by environment (`PGPASSWORD`),
 * not on a command line every local user can read.
 */
export function pgToolTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const conn = new URL(url);
  const password = decodeURIComponent(conn.password);
  conn.password = '';
  return { dbname: conn.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Written beside the target then renamed, so a reader never sees half a file. */
export function writeAtomically(target: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, target);
}
