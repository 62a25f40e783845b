import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guildhallBin as bin, lastLine, runCli as run, SPAWNS_TIMEOUT, waitForOutput } from './cli-process';

/**
 * The CLI as users run it, on the embedded database (the Postgres path is the same code
 * with DATABASE_URL, covered by the API tests).
 */
describe('guildhall CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;

  // Each test has a data folder of its own: none depends on what another created.
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-cli-'));
    env = { GUILDHALL_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' };
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    'rejects bad arguments with one line on stderr and exit code 2',
    async () => {
      const badGame = await run(['community', 'create', '--name', 'X', '--game', 'chess'], env);
      expect(badGame.code).toBe(2);
      expect(badGame.stderr.trim().split('\n')).toHaveLength(1);
      expect(badGame.stderr).toContain('chess');

      const missing = await run(['apikey', 'create', '--scope', 'read'], env);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--community');

      const badPort = await run(['serve'], { ...env, PORT: 'abc' });
      expect(badPort.code).toBe(2);
      expect(badPort.stderr).toContain('PORT');
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'prints help for each command',
    async () => {
      const help = await run(['apikey', 'create', '--help'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--scope');
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'creates a community and a key without a server, printing each last',
    async () => {
      const created = await run(
        [
          'community',
          'create',
          '--name',
          'Los Centinelas',
          '--game',
          'wow',
          '--realm',
          'Stormvale',
          '--timezone',
          'Europe/Madrid',
        ],
        env,
      );
      expect(created.code).toBe(0);
      const id = lastLine(created.stdout);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const key = await run(['apikey', 'create', '--community', id, '--scope', 'upload'], env);
      expect(key.code).toBe(0);
      expect(lastLine(key.stdout)).toMatch(/^gh_[\w-]{20,}$/);
      const unknown = await run(
        ['apikey', 'create', '--community', '00000000-0000-4000-8000-000000000000', '--scope', 'read'],
        env,
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('community not found');
      const jobs = await run(['jobs', 'run', 'no-such-job'], env);
      expect(jobs.code).not.toBe(0);
      expect(jobs.stderr).toContain('no job named no-such-job');
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'hands commands to a running server that holds the embedded database, which stops cleanly on SIGTERM',
    async () => {
      // A community made offline before the server starts: the server's listing must show it too.
      const before = await run(['community', 'create', '--name', 'Los Centinelas', '--game', 'wow'], env);
      expect(before.code, before.stderr).toBe(0);
      const server: ChildProcess = spawn(process.execPath, [bin, 'serve'], {
        env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      });
      let log = '';
      server.stdout?.on('data', (d) => {
        log += d;
      });
      try {
        await waitForOutput(server, () => log, 'guildhall is serving');
        expect(fs.existsSync(path.join(dataDir, 'admin.json'))).toBe(true);
        expect(fs.statSync(path.join(dataDir, 'admin.json')).mode & 0o777).toBe(0o600);

        const created = await run(['community', 'create', '--name', 'While serving', '--game', 'osrs'], env);
        expect(created.stderr).toBe(
          `guildhall: data directory ${dataDir} (embedded database ${path.join(dataDir, 'db')})\n`,
        );
        expect(created.code).toBe(0);
        const list = await run(['community', 'list'], env);
        expect(list.stdout).toContain('While serving');
        expect(list.stdout).toContain('Los Centinelas');
        const link = await run(['login-link'], env);
        expect(lastLine(link.stdout)).toMatch(/\/auth\/login\?token=/);
      } finally {
        const exited =
          server.exitCode !== null
            ? Promise.resolve(server.exitCode)
            : new Promise<number | null>((r) => server.on('exit', (code) => r(code)));
        server.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
      expect(log).toContain('shutting down');
      expect(fs.existsSync(path.join(dataDir, 'admin.json'))).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'db.lock'))).toBe(false);
    },
    SPAWNS_TIMEOUT,
  );
});
