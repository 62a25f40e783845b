import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DiscoveryFs, discoverSavedVariables, nodeDiscoveryFs } from '../src/discover';
import { tempDir } from './helpers/temp';

/**
 * Lays out another platform's absolute paths inside a temp folder (`C:\x` → `<root>/C/x`,
 * `/x` → `<root>/x`) and answers discovery's questions from that real tree.
 */
function platformTree(root: string, platform: NodeJS.Platform) {
  const real = (path: string) =>
    platform === 'win32' ? join(root, ...path.replace(/^([A-Za-z]):/, '$1').split(/\\+/)) : join(root, path);
  const fs: DiscoveryFs = {
    isFile: (path) => nodeDiscoveryFs.isFile(real(path)),
    isDirectory: (path) => nodeDiscoveryFs.isDirectory(real(path)),
    readdir: (path) => nodeDiscoveryFs.readdir(real(path)),
  };
  const touch = (path: string) => {
    mkdirSync(dirname(real(path)), { recursive: true });
    writeFileSync(real(path), 'GuildActivityTrackerDB = {}\n');
  };
  const mkdir = (path: string) => mkdirSync(real(path), { recursive: true });
  return { fs, touch, mkdir };
}

const FILE = 'GuildActivityTracker.lua';

describe('discoverSavedVariables', () => {
  it('finds every flavour and account of a Windows install, on other drives too', async () => {
    const tree = platformTree(await tempDir(), 'win32');
    const retail = `C:\\Program Files (x86)\\World of Warcraft\\_retail_\\WTF\\Account\\ACC1\\SavedVariables\\${FILE}`;
    const era = `C:\\Program Files (x86)\\World of Warcraft\\_classic_era_\\WTF\\Account\\ACC2\\SavedVariables\\${FILE}`;
    const classic = `D:\\Games\\World of Warcraft\\_classic_\\WTF\\Account\\ACC1\\SavedVariables\\${FILE}`;
    for (const file of [retail, era, classic]) tree.touch(file);
    // An account that never ran the addon, and a character-level SavedVariables folder.
    tree.mkdir('C:\\Program Files (x86)\\World of Warcraft\\_retail_\\WTF\\Account\\ACC3\\SavedVariables');

    const result = discoverSavedVariables({
      platform: 'win32',
      env: { 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramFiles: 'C:\\Program Files' },
      homedir: 'C:\\Users\\ann',
      fs: tree.fs,
    });

    expect(result.files.map((file) => file.path)).toEqual([retail, era, classic]);
    expect(result.files[0]).toMatchObject({ flavour: '_retail_', account: 'ACC1' });
    expect(result.searched[0]).toBe('C:\\Program Files (x86)\\World of Warcraft');
  });

  it('finds the macOS install in /Applications', async () => {
    const tree = platformTree(await tempDir(), 'darwin');
    const file = `/Applications/World of Warcraft/_retail_/WTF/Account/123456#1/SavedVariables/${FILE}`;
    tree.touch(file);
    const result = discoverSavedVariables({
      platform: 'darwin',
      env: {},
      homedir: '/Users/ann',
      fs: tree.fs,
    });
    expect(result.files).toEqual([
      { path: file, install: '/Applications/World of Warcraft', flavour: '_retail_', account: '123456#1' },
    ]);
  });

  it('finds Linux installs in Wine, Lutris and Steam/Proton prefixes', async () => {
    const tree = platformTree(await tempDir(), 'linux');
    const wine = `/home/ann/.wine/drive_c/Program Files (x86)/World of Warcraft/_retail_/WTF/Account/A/SavedVariables/${FILE}`;
    const lutris = `/home/ann/Games/battlenet/drive_c/Program Files (x86)/World of Warcraft/_classic_/WTF/Account/B/SavedVariables/${FILE}`;
    const proton = `/home/ann/.steam/steam/steamapps/compatdata/2805730/pfx/drive_c/Program Files (x86)/World of Warcraft/_retail_/WTF/Account/C/SavedVariables/${FILE}`;
    for (const file of [wine, lutris, proton]) tree.touch(file);
    const result = discoverSavedVariables({ platform: 'linux', env: {}, homedir: '/home/ann', fs: tree.fs });
    expect(result.files.map((file) => file.path)).toEqual([wine, lutris, proton]);
  });

  it('adds WOW_PATH, whether it names the install or one flavour folder', async () => {
    const tree = platformTree(await tempDir(), 'linux');
    const custom = `/mnt/games/WoW/_retail_/WTF/Account/A/SavedVariables/${FILE}`;
    const other = `/mnt/games/WoW/_classic_era_/WTF/Account/A/SavedVariables/${FILE}`;
    tree.touch(custom);
    tree.touch(other);
    const install = discoverSavedVariables({
      platform: 'linux',
      env: { WOW_PATH: '/mnt/games/WoW' },
      homedir: '/home/ann',
      fs: tree.fs,
    });
    expect(install.files.map((file) => file.path)).toEqual([custom, other]);
    const flavour = discoverSavedVariables({
      platform: 'linux',
      env: { WOW_PATH: '/mnt/games/WoW/_classic_era_' },
      homedir: '/home/ann',
      fs: tree.fs,
    });
    expect(flavour.files.map((file) => file.path)).toEqual([other]);
  });

  it('finds nothing, and says where it looked, when WoW is absent', async () => {
    const tree = platformTree(await tempDir(), 'darwin');
    const result = discoverSavedVariables({
      platform: 'darwin',
      env: {},
      homedir: '/Users/ann',
      fs: tree.fs,
    });
    expect(result.files).toEqual([]);
    expect(result.searched).toContain('/Applications/World of Warcraft');
  });

  it('works on the real file system with a real home folder', async () => {
    const home = await tempDir();
    const file = join(
      home,
      '.wine/drive_c/Program Files/World of Warcraft/_retail_/WTF/Account/A/SavedVariables',
      FILE,
    );
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    const result = discoverSavedVariables({ platform: 'linux', env: {}, homedir: home, fs: nodeDiscoveryFs });
    expect(result.files.map((found) => found.path)).toEqual([file]);
  });
});
