import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configPath, defaultSpoolDir, loadConfig, saveConfig } from '../src/config';
import { tempDir } from './helpers/temp';

describe('configPath', () => {
  it('follows each platform convention', () => {
    expect(configPath('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\guildhall\\agent.json',
    );
    expect(configPath('win32', {}, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\guildhall\\agent.json',
    );
    expect(configPath('darwin', {}, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/guildhall/agent.json',
    );
    expect(configPath('linux', {}, '/home/ann')).toBe('/home/ann/.config/guildhall/agent.json');
    expect(configPath('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe('/xdg/guildhall/agent.json');
  });

  it('is overridden by GUILDHALL_AGENT_CONFIG', () => {
    expect(configPath('linux', { GUILDHALL_AGENT_CONFIG: '/etc/agent.json' }, '/home/ann')).toBe(
      '/etc/agent.json',
    );
  });

  it('puts the spool next to the config', () => {
    expect(defaultSpoolDir('/home/ann/.config/guildhall/agent.json')).toBe(
      '/home/ann/.config/guildhall/spool',
    );
  });
});

describe('saveConfig / loadConfig', () => {
  it('round-trips and keeps the key readable by the owner only', async () => {
    const file = join(await tempDir(), 'nested', 'guildhall', 'agent.json');
    const config = {
      server: 'https://guild.example.com',
      key: 'gh_secret',
      files: ['/wow/GuildActivityTracker.lua'],
    };
    await saveConfig(file, config);
    expect(await loadConfig(file)).toEqual(config);
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(dirname(file))).mode & 0o777).toBe(0o700);
      // Saving again over an existing, looser file still ends at 0600.
      await writeFile(file, '{}', { mode: 0o644 });
      await saveConfig(file, config);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
  });

  it('returns undefined when there is no config yet', async () => {
    expect(await loadConfig(join(await tempDir(), 'missing.json'))).toBeUndefined();
  });

  it('explains a broken config', async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'agent.json');
    await writeFile(file, '{ nope');
    await expect(loadConfig(file)).rejects.toThrow(ConfigError);
    await writeFile(file, JSON.stringify({ server: 42 }));
    await expect(loadConfig(file)).rejects.toThrow('"server" must be a string');
  });
});
