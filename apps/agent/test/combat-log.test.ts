import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, resolveSettings } from '../src/args';
import {
  type CombatLogOutcome,
  combatLogFileId,
  combatLogsDirFor,
  sendCombatLog,
  watchCombatLogs,
} from '../src/combat-log';
import { tempDir } from './helpers/temp';

const never = new AbortController().signal;
const HEADER =
  '6/14/2025 18:01:13.780-4  COMBAT_LOG_VERSION,22,ADVANCED_LOG_ENABLED,1,BUILD_VERSION,11.1.5,PROJECT_ID,1\r\n';
const line = (n: number) =>
  `6/14/2025 18:01:${String(14 + (n % 40)).padStart(2, '0')}.000-4  SPELL_CAST_SUCCESS,Player-1084-0A1B2C3D,"Aerin-Stormvale",0x514,0x0,0000000000000000,nil,0x80000000,0x80000000,133,"Fireball",0x4\r\n`;

interface Received {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

/**
 * Guildhall's combat log routes as the agent sees them (same paths and shapes): the status of a
 * log by its id, and an upload that must start at the imported offset (409 otherwise).
 */
async function fakeGuildhall(opts: { refuse?: number } = {}) {
  const imported = new Map<string, Buffer>();
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks);
      const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
      received.push({ method: request.method ?? '', url, headers: request.headers, raw });
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (opts.refuse)
        return reply(opts.refuse, {
          error: { code: 'MISSING_SCOPE', message: 'this API key lacks the telemetry scope' },
        });
      const counts = (n: number) => ({ raids: 1, pulls: 0, events: n, combatants: 0 });
      const lines = (b: Buffer) => b.toString('latin1').split('\n').length - 1;
      const status = /^\/api\/v1\/telemetry\/combat-log\/([0-9a-f]{24})$/.exec(url.pathname);
      if (request.method === 'GET' && status) {
        const have = imported.get(status[1] as string);
        if (!have)
          return reply(404, { error: { code: 'NOT_FOUND', message: 'no import of this combat log' } });
        return reply(200, {
          fileId: status[1],
          name: 'x',
          offset: have.length,
          counts: counts(lines(have)),
          updatedAt: '',
        });
      }
      if (request.method === 'POST' && url.pathname === '/api/v1/telemetry/combat-log') {
        const offset = Number(url.searchParams.get('offset'));
        const id = offset > 0 ? (url.searchParams.get('fileId') as string) : (combatLogFileId(raw) as string);
        const have = imported.get(id) ?? Buffer.alloc(0);
        if (offset !== have.length)
          return reply(409, {
            error: { code: 'CONFLICT', message: 'wrong offset', details: { offset: have.length } },
          });
        const whole = Buffer.concat([have, raw.subarray(0, raw.lastIndexOf(10) + 1)]);
        imported.set(id, whole);
        return reply(200, {
          fileId: id,
          offset: whole.length,
          resumedAt: offset,
          counts: counts(lines(whole)),
          added: counts(lines(whole) - lines(have)),
        });
      }
      reply(404, { error: { code: 'NOT_FOUND', message: 'no route' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('combat logs (--combat-log)', () => {
  it('sends a log, then only what it grew by, then nothing', async () => {
    const server = await fakeGuildhall();
    try {
      const dir = await tempDir();
      const path = join(dir, 'WoWCombatLog-061425_180113.txt');
      const first = HEADER + line(1) + line(2);
      await writeFile(path, first);
      const options = { server: server.url, apiKey: 'key-1', utcOffsetMinutes: 120 };

      expect(await sendCombatLog(path, options, never)).toEqual({
        kind: 'sent',
        name: 'WoWCombatLog-061425_180113.txt',
        offset: Buffer.byteLength(first),
        events: 3,
      });
      const post = server.received.find((r) => r.method === 'POST');
      expect(post?.raw.toString()).toBe(first);
      expect(post?.headers['x-api-key']).toBe('key-1');
      expect(post?.url.searchParams.get('offset')).toBe('0');
      expect(post?.url.searchParams.get('utcOffset')).toBe('120');

      await appendFile(path, line(3) + line(4));
      server.received.length = 0;
      const grown = await sendCombatLog(path, options, never);
      expect(grown).toMatchObject({ kind: 'sent', events: 2 });
      expect(server.received.map((r) => r.method)).toEqual(['GET', 'POST']);
      const rest = server.received[1];
      expect(rest?.raw.toString()).toBe(line(3) + line(4));
      expect(rest?.url.searchParams.get('offset')).toBe(String(Buffer.byteLength(first)));
      expect(rest?.url.searchParams.get('fileId')).toBe(combatLogFileId(Buffer.from(first)));

      server.received.length = 0;
      expect(await sendCombatLog(path, options, never)).toMatchObject({ kind: 'up-to-date' });
      expect(server.received.map((r) => r.method)).toEqual(['GET']);
    } finally {
      await server.close();
    }
  });

  it('skips a file that is not a combat log, and reports a refused key', async () => {
    const server = await fakeGuildhall({ refuse: 403 });
    try {
      const dir = await tempDir();
      await writeFile(join(dir, 'WoWCombatLog.txt'), 'SavedVariables = {}\n');
      const options = { server: server.url, apiKey: 'k', utcOffsetMinutes: 0 };
      expect(await sendCombatLog(join(dir, 'WoWCombatLog.txt'), options, never)).toMatchObject({
        kind: 'not-a-log',
      });
      expect(server.received).toEqual([]);
      await writeFile(join(dir, 'WoWCombatLog.txt'), HEADER);
      expect(await sendCombatLog(join(dir, 'WoWCombatLog.txt'), options, never)).toMatchObject({
        kind: 'refused',
        status: 403,
      });
    } finally {
      await server.close();
    }
  });

  it('watches the Logs folder: a log written there is sent once it settles', async () => {
    const server = await fakeGuildhall();
    const stop = new AbortController();
    try {
      const logs = join(await tempDir(), 'Logs');
      await mkdir(logs);
      let sent!: (o: CombatLogOutcome) => void;
      const firstSent = new Promise<CombatLogOutcome>((r) => {
        sent = r;
      });
      const watch = watchCombatLogs(
        logs,
        {
          server: server.url,
          apiKey: 'k',
          utcOffsetMinutes: 0,
          settleMs: 0,
          pollMs: 100,
          onOutcome: (o) => {
            if (o.kind === 'sent') sent(o);
          },
        },
        stop.signal,
      );
      await writeFile(join(logs, 'notes.txt'), 'not a log');
      await writeFile(join(logs, 'WoWCombatLog.txt'), HEADER + line(1));
      expect(await firstSent).toMatchObject({ kind: 'sent', name: 'WoWCombatLog.txt', events: 2 });
      watch.close();
      expect(server.received.every((r) => !r.url.search.includes('notes'))).toBe(true);
    } finally {
      stop.abort();
      await server.close();
    }
  });

  it('finds the Logs folder beside WTF, and is opt-in on the command line and in the config', () => {
    expect(
      combatLogsDirFor(
        'C:\\Games\\World of Warcraft\\_retail_\\WTF\\Account\\ACC1\\SavedVariables\\GuildActivityTracker.lua',
      ),
    ).toBe('C:\\Games\\World of Warcraft\\_retail_\\Logs');
    expect(combatLogsDirFor('/wow/_classic_/WTF/Account/A/SavedVariables/G.lua')).toBe('/wow/_classic_/Logs');
    expect(combatLogsDirFor('/tmp/GuildActivityTracker.lua')).toBeUndefined();

    const run = (argv: string[]) => {
      const c = parseCommandLine(argv);
      if (c.kind !== 'run') throw new Error('not a run');
      return c.flags;
    };
    const base = ['--server', 'https://g.example', '--key', 'k'];
    expect(resolveSettings(run(base), undefined, {}).combatLog).toBe(false);
    expect(resolveSettings(run([...base, '--combat-log']), undefined, {}).combatLog).toBe(true);
    expect(resolveSettings(run(base), { combatLog: true }, {}).combatLog).toBe(true);
    expect(resolveSettings(run([...base, '--logs-dir', '/x/Logs']), undefined, {})).toMatchObject({
      combatLog: true,
      logsDir: '/x/Logs',
    });
  });
});
