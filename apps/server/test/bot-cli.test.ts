import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { guildhallBin as bin } from './cli-process';
import { fakeGuild, startFakeDiscordBot } from './fakes/discord-bot';

/** Cold tsx processes on a shared two-core machine: a generous budget, no assertion on speed. */
const SPAWN_TIMEOUT = 300_000;

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('guildhall bot', () => {
  it('refuses to start without DISCORD_TOKEN, in one line, exit code 2', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bot-cli-'));
    onTestFinished(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const run = start(['bot'], { GUILDHALL_DATA_DIR: dataDir, DATABASE_URL: '', DISCORD_TOKEN: '' });
    expect(await run.exited).toBe(2);
    expect(run.err().trim().split('\n')).toEqual([
      'guildhall: `guildhall bot` connects to Discord: set DISCORD_TOKEN and DISCORD_APPLICATION_ID',
    ]);
  });

  it(
    'connects to the gateway found through DISCORD_API_BASE_URL, registers commands, and stops cleanly on SIGTERM',
    async () => {
      const guild = fakeGuild('Los Centinelas');
      const fake = await startFakeDiscordBot([guild]);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bot-cli-'));
      onTestFinished(async () => {
        await fake.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      });
      const bot = start(['bot'], {
        ...fake.env,
        GUILDHALL_DATA_DIR: dataDir,
        DATABASE_URL: '',
        REDIS_URL: '',
        LOG_LEVEL: 'info',
      });
      // The latch: the server got its (pre-link) commands from the bot process.
      const commands = await fake.rest.until(() => fake.rest.commandsByGuild.get(guild.id));
      expect(commands.map((c) => c.name)).toEqual(['setup']);
      expect(fake.gateway.identifies).toHaveLength(1);
      expect(fake.gateway.connections).toBe(1);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.out()).toContain('shutting down');
      // The gateway connection was closed by the client, not left to time out.
      await fake.gateway.until(() => fake.gateway.connections === 0);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'runs inside `serve` when DISCORD_TOKEN is set (embedded mode), beside the HTTP endpoint, and stops with it',
    async () => {
      const guild = fakeGuild('Club de Carreras');
      const fake = await startFakeDiscordBot([guild]);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-bot-serve-'));
      onTestFinished(async () => {
        await fake.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      });
      const serve = start(['serve'], {
        ...fake.env,
        DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
        GUILDHALL_DATA_DIR: dataDir,
        DATABASE_URL: '',
        REDIS_URL: '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      });
      await fake.rest.until(() => fake.rest.commandsByGuild.get(guild.id));
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (serve.out().includes('guildhall is serving')) resolve();
        };
        serve.child.stdout.on('data', check);
        serve.child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${serve.err()}`)));
        check();
      });
      const line = serve
        .out()
        .split('\n')
        .find((l) => l.includes('guildhall is serving'))!;
      expect(JSON.parse(line).bot).toBe('gateway');
      const port = /localhost:(\d+)/.exec(line)![1];
      const unsigned = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"type":1}',
      });
      expect(unsigned.status).toBe(401);
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      await fake.gateway.until(() => fake.gateway.connections === 0);
    },
    SPAWN_TIMEOUT,
  );
});
