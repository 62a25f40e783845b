import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createPrompter } from '../src/prompt';
import { runSetup } from '../src/setup';
import { tempDir } from './helpers/temp';

function answers(lines: string[]) {
  const input = new PassThrough();
  input.end(lines.map((line) => `${line}\n`).join(''));
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { prompter: createPrompter(input, output), output: () => text };
}

describe('runSetup', () => {
  it('asks again for a bad URL, saves the chosen file, and keeps the key private', async () => {
    const dir = await tempDir();
    const configFile = join(dir, 'guildhall', 'agent.json');
    const found = join(dir, 'GuildActivityTracker.lua');
    const io = answers(['guild.example.com', 'https://guild.example.com/', 'gh_secret_key', '1']);
    const saved = await runSetup({
      configFile,
      prompter: io.prompter,
      discover: () => ({
        searched: [],
        files: [{ path: found, install: dir, flavour: '_retail_', account: 'A' }],
      }),
    });
    io.prompter.close();

    expect(saved).toBe(true);
    expect(await loadConfig(configFile)).toEqual({
      server: 'https://guild.example.com',
      key: 'gh_secret_key',
      files: [found],
    });
    expect(io.output()).toContain('is not a URL');
    expect(io.output()).not.toContain('gh_secret_key');
    if (process.platform !== 'win32') expect((await stat(configFile)).mode & 0o777).toBe(0o600);
  });

  it('keeps saved answers on Enter and saves nothing when input ends early', async () => {
    const dir = await tempDir();
    const configFile = join(dir, 'agent.json');
    await mkdir(dirname(configFile), { recursive: true });
    await writeFile(
      configFile,
      JSON.stringify({ server: 'https://old.example.com', key: 'old-key', files: ['/x'] }),
    );

    const keep = answers(['', '', '']);
    expect(
      await runSetup({ configFile, prompter: keep.prompter, discover: () => ({ searched: [], files: [] }) }),
    ).toBe(true);
    keep.prompter.close();
    // Enter on the file question means "discover at every start".
    expect(await loadConfig(configFile)).toEqual({ server: 'https://old.example.com', key: 'old-key' });

    const cancelled = answers(['https://new.example.com']);
    expect(
      await runSetup({
        configFile,
        prompter: cancelled.prompter,
        discover: () => ({ searched: [], files: [] }),
      }),
    ).toBe(false);
    cancelled.prompter.close();
    expect((await loadConfig(configFile))?.server).toBe('https://old.example.com');
  });
});
