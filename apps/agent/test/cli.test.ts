import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { destinationSpoolDir } from '../src/spool';
import { savedVariables, sha256 } from './helpers/agent-fixture';
import { errorReply, startFakeServer } from './helpers/fake-server';
import { tempDir } from './helpers/temp';

const BIN = fileURLToPath(new URL('../bin/guildhall-agent.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real launcher; `onStdout` sees output as it comes (to signal a running agent). */
function runAgent(
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A player's machine: home folder, config location and one SavedVariables file. */
async function machine() {
  const home = await tempDir();
  const folder = join(home, 'WoW', '_retail_', 'WTF', 'Account', 'ACC1', 'SavedVariables');
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'GuildActivityTracker.lua');
  await writeFile(file, savedVariables(1));
  const config = join(home, 'config', 'guildhall', 'agent.json');
  const env = { HOME: home, USERPROFILE: home, GUILDHALL_AGENT_CONFIG: config };
  return { home, file, config, env, spool: join(home, 'config', 'guildhall', 'spool') };
}

describe('guildhall-agent (spawned)', () => {
  it('--once uploads the file, prints one status line and exits 0', async () => {
    const pc = await machine();
    const server = await startFakeServer();
    try {
      const run = await runAgent(
        ['--server', server.url, '--key', 'k1', '--file', pc.file, '--once', '--settle-ms', '0'],
        pc.env,
      );
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout.trim()).toMatch(
        /^\d\d:\d\d:\d\d uploaded GuildActivityTracker\.lua \(\d+ B → \d+ B\): \+2 members, 1 updated, 0 inactivated, 144 snapshots, 12 chat days$/,
      );
      expect(server.received).toHaveLength(1);
      expect(server.received[0]?.raw.equals(savedVariables(1))).toBe(true);
      expect(server.received[0]?.headers['x-content-sha256']).toBe(sha256(savedVariables(1)));
      // The spool (next to the config, one folder per server and key) holds only the record of what was sent.
      const spool = destinationSpoolDir(pc.spool, server.url, 'k1');
      expect((await readdir(spool)).filter((name) => !name.endsWith('.uploaded'))).toEqual([]);

      // The same file again: nothing to send. To another server, or with another key: sent.
      const again = await runAgent(
        ['--server', server.url, '--key', 'k1', '--file', pc.file, '--once', '--settle-ms', '0'],
        pc.env,
      );
      expect(again.code).toBe(0);
      expect(server.received).toHaveLength(1);
      const other = await startFakeServer();
      try {
        const elsewhere = await runAgent(
          ['--server', other.url, '--key', 'k1', '--file', pc.file, '--once', '--settle-ms', '0'],
          pc.env,
        );
        expect(elsewhere.code).toBe(0);
        expect(other.received).toHaveLength(1);
      } finally {
        await other.close();
      }
      const newKey = await runAgent(
        ['--server', server.url, '--key', 'k2', '--file', pc.file, '--once', '--settle-ms', '0'],
        pc.env,
      );
      expect(newKey.code).toBe(0);
      expect(server.received).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('--once exits 3 with the cause when the key is refused', async () => {
    const pc = await machine();
    const server = await startFakeServer([errorReply(401, 'INVALID_API_KEY', 'unknown key')]);
    try {
      const run = await runAgent(
        ['--server', server.url, '--key', 'bad', '--file', pc.file, '--once', '--settle-ms', '0'],
        pc.env,
      );
      expect(run.code).toBe(3);
      expect(run.stderr.trim()).toBe(
        'guildhall-agent: the server refused the API key (401 INVALID_API_KEY): check --key',
      );
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('--once exits 1 when the server rejects the file, and 1 when it gives up (keeping the spool)', async () => {
    const pc = await machine();
    const server = await startFakeServer([
      errorReply(422, 'LUA_SYNTAX', 'unexpected symbol'),
      errorReply(503, 'BUSY', 'later'),
    ]);
    try {
      const args = ['--server', server.url, '--key', 'k1', '--file', pc.file, '--once', '--settle-ms', '0'];
      const rejected = await runAgent(args, pc.env);
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toContain('(422 LUA_SYNTAX: unexpected symbol); this version was dropped');

      const gaveUp = await runAgent([...args, '--max-attempts', '1'], pc.env);
      expect(gaveUp.code).toBe(1);
      expect(gaveUp.stderr).toContain('gave up on GuildActivityTracker.lua after 1 attempt (HTTP 503)');
      expect(
        (await readdir(destinationSpoolDir(pc.spool, server.url, 'k1'))).some((name) => name.endsWith('.gz')),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('reads server and key saved by setup; flags still win', async () => {
    const pc = await machine();
    const server = await startFakeServer();
    try {
      await mkdir(join(pc.home, 'config', 'guildhall'), { recursive: true });
      await writeFile(
        pc.config,
        JSON.stringify({ server: 'http://127.0.0.1:1', key: 'saved', files: [pc.file] }),
      );
      const run = await runAgent(['--server', server.url, '--once', '--settle-ms', '0'], pc.env);
      expect(run.code).toBe(0);
      expect(server.received[0]?.headers['x-api-key']).toBe('saved');
    } finally {
      await server.close();
    }
  });

  it.each([
    [['--bogus'], 'guildhall-agent: unknown option --bogus (see --help)'],
    [
      ['--once'],
      'guildhall-agent: missing --server URL: pass it, or save it once with `guildhall-agent setup` (see --help)',
    ],
    [
      ['--server', 'http://127.0.0.1:9', '--key', 'k', '--settle-ms', 'x'],
      'guildhall-agent: --settle-ms must be a whole number of at least 0 (got "x") (see --help)',
    ],
  ])('bad arguments %j exit 2 with one line on stderr', async (args, line) => {
    const pc = await machine();
    const run = await runAgent(args, pc.env);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('exits 1 with a clear message when no file is found', async () => {
    const pc = await machine();
    const run = await runAgent(['--server', 'http://127.0.0.1:9', '--key', 'k', '--once'], pc.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^guildhall-agent: no GuildActivityTracker\.lua found under \d+ World of Warcraft folders; pass --file PATH or set WOW_PATH\n$/,
    );
  });

  it('finds the file through WOW_PATH', async () => {
    const pc = await machine();
    const server = await startFakeServer();
    try {
      const env = { ...pc.env, WOW_PATH: join(pc.home, 'WoW') };
      const run = await runAgent(['--server', server.url, '--key', 'k', '--once', '--settle-ms', '0'], env);
      expect(run.code).toBe(0);
      expect(server.received[0]?.headers['x-source-file']).toBe('ACC1/GuildActivityTracker.lua');
    } finally {
      await server.close();
    }
  });

  it.skipIf(process.platform === 'win32')('stops watching on SIGTERM and exits 0', async () => {
    const pc = await machine();
    const server = await startFakeServer();
    try {
      const run = await runAgent(
        ['--server', server.url, '--key', 'k', '--file', pc.file, '--settle-ms', '0'],
        pc.env,
        (stdout, child) => {
          if (stdout.includes(' uploaded ')) child.kill('SIGTERM');
        },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^watching .*GuildActivityTracker\.lua and uploading to http:\/\/127\.0\.0\.1:\d+ \(Ctrl-C to stop\)\n/,
      );
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
