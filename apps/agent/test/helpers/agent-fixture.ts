import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/events';
import { Spool } from '../../src/spool';
import { Uploader, type UploaderOptions } from '../../src/uploader';
import { tempDir } from './temp';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Some SavedVariables-like bytes (CRLF, BOM, non-ASCII) so byte-exactness is really tested. */
export function savedVariables(version: number): Buffer {
  const lines = [
    '\uFEFFGuildActivityTrackerDB = {',
    `\t["stats"] = { [17671416${version}] = 21, },`,
    '\t["note"] = "café",',
    '}',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export interface Fixture {
  root: string;
  file: string;
  spool: Spool;
  events: AgentEvent[];
  sleeps: number[];
  uploader(server: string, options?: Partial<UploaderOptions>): Uploader;
  write(bytes: Uint8Array): Promise<void>;
}

/** A temp WoW-like tree with one GuildActivityTracker.lua, a spool, and an uploader that never really sleeps. */
export async function createFixture(): Promise<Fixture> {
  const root = await tempDir();
  const folder = join(root, '_retail_', 'WTF', 'Account', 'ACC1', 'SavedVariables');
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'GuildActivityTracker.lua');
  const spool = new Spool(join(root, 'spool'));
  await spool.open();
  const events: AgentEvent[] = [];
  const sleeps: number[] = [];
  return {
    root,
    file,
    spool,
    events,
    sleeps,
    uploader: (server, options) =>
      new Uploader({
        server,
        apiKey: 'key-123',
        spool,
        report: (event) => events.push(event),
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
        ...options,
      }),
    write: (bytes) => writeFile(file, bytes),
  };
}
