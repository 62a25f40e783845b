import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const SAVED_VARIABLES_FILE = 'GuildActivityTracker.lua';
const KNOWN_FLAVOURS = ['_retail_', '_classic_', '_classic_era_'];
const INSTALL_DIR = 'World of Warcraft';

/** The file-system questions discovery asks; injected so tests can use any tree. */
export interface DiscoveryFs {
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Names in a directory, or [] if it cannot be read. */
  readdir(path: string): string[];
}

export interface DiscoveryInput {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
  fs: DiscoveryFs;
}

export interface DiscoveredFile {
  path: string;
  install: string;
  flavour: string;
  account: string;
}

export interface DiscoveryResult {
  /** Install folders looked at, for the "nothing found" message. */
  searched: string[];
  files: DiscoveredFile[];
}

export const nodeDiscoveryFs: DiscoveryFs = {
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
  isDirectory: (p) => {
    try {
      return existsSync(p) && statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  readdir: (p) => {
    try {
      return readdirSync(p);
    } catch {
      return [];
    }
  },
};

/**
 * Finds every `<install>/<flavour>/WTF/Account/<ACCOUNT>/SavedVariables/GuildActivityTracker.lua`
 * under the default install folders of `platform`, plus `$WOW_PATH` (an install folder or a
 * flavour folder such as `.../_retail_`). Pure apart from the injected file-system questions.
 */
export function discoverSavedVariables(input: DiscoveryInput): DiscoveryResult {
  const p = input.platform === 'win32' ? path.win32 : path.posix;
  const searched = installCandidates(input, p);
  const files: DiscoveredFile[] = [];
  const seen = new Set<string>();
  for (const install of searched) {
    for (const flavourDir of flavourDirs(install, input.fs, p)) {
      const accountsDir = p.join(flavourDir, 'WTF', 'Account');
      for (const account of input.fs.readdir(accountsDir).sort()) {
        const file = p.join(accountsDir, account, 'SavedVariables', SAVED_VARIABLES_FILE);
        const key = input.platform === 'linux' ? file : file.toLowerCase();
        if (seen.has(key) || !input.fs.isFile(file)) continue;
        seen.add(key);
        files.push({ path: file, install, flavour: p.basename(flavourDir), account });
      }
    }
  }
  return { searched, files };
}

/** Install folders worth looking at on `platform`, most likely first, without duplicates. */
export function installCandidates(input: DiscoveryInput, p: path.PlatformPath): string[] {
  const { env, homedir, fs } = input;
  const candidates: string[] = [];
  if (env.WOW_PATH) candidates.push(env.WOW_PATH);

  if (input.platform === 'win32') {
    const programFiles = [
      env['ProgramFiles(x86)'],
      env.ProgramFiles,
      'C:\\Program Files (x86)',
      'C:\\Program Files',
    ];
    for (const dir of programFiles) if (dir) candidates.push(p.join(dir, INSTALL_DIR));
    // Players often install games on a second drive.
    for (const drive of ['C:', 'D:', 'E:', 'F:']) {
      candidates.push(
        p.join(`${drive}\\`, INSTALL_DIR),
        p.join(`${drive}\\`, 'Games', INSTALL_DIR),
        p.join(`${drive}\\`, 'Program Files (x86)', INSTALL_DIR),
      );
    }
  } else if (input.platform === 'darwin') {
    candidates.push(p.join('/Applications', INSTALL_DIR), p.join(homedir, 'Applications', INSTALL_DIR));
  } else {
    // Wine-like prefixes: plain Wine, $WINEPREFIX, Lutris (~/Games/<slug>), Steam/Proton, Bottles.
    const prefixes: string[] = [];
    if (env.WINEPREFIX) prefixes.push(env.WINEPREFIX);
    prefixes.push(p.join(homedir, '.wine'));
    const gamesDir = p.join(homedir, 'Games');
    for (const name of fs.readdir(gamesDir).sort()) prefixes.push(p.join(gamesDir, name));
    for (const steam of [
      p.join(homedir, '.steam', 'steam'),
      p.join(homedir, '.local', 'share', 'Steam'),
      p.join(homedir, '.var', 'app', 'com.valvesoftware.Steam', 'data', 'Steam'),
    ]) {
      const compat = p.join(steam, 'steamapps', 'compatdata');
      for (const app of fs.readdir(compat).sort()) prefixes.push(p.join(compat, app, 'pfx'));
    }
    for (const bottles of [
      p.join(homedir, '.local', 'share', 'bottles', 'bottles'),
      p.join(homedir, '.var', 'app', 'com.usebottles.bottles', 'data', 'bottles', 'bottles'),
    ]) {
      for (const bottle of fs.readdir(bottles).sort()) prefixes.push(p.join(bottles, bottle));
    }
    for (const prefix of prefixes) {
      candidates.push(
        p.join(prefix, 'drive_c', 'Program Files (x86)', INSTALL_DIR),
        p.join(prefix, 'drive_c', 'Program Files', INSTALL_DIR),
      );
    }
  }

  const unique: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = input.platform === 'linux' ? candidate : candidate.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(candidate);
  }
  return unique;
}

/** Flavour folders of an install (`_retail_`, `_classic_`, …, known ones first); a flavour folder itself is accepted too. */
function flavourDirs(install: string, fs: DiscoveryFs, p: path.PlatformPath): string[] {
  if (!fs.isDirectory(install)) return [];
  if (isFlavourName(p.basename(install))) return [install];
  const names = fs.readdir(install).filter(isFlavourName);
  const ordered = [
    ...KNOWN_FLAVOURS.filter((flavour) => names.includes(flavour)),
    ...names.filter((name) => !KNOWN_FLAVOURS.includes(name)).sort(),
  ];
  return ordered.map((name) => p.join(install, name)).filter((dir) => fs.isDirectory(p.join(dir, 'WTF')));
}

function isFlavourName(name: string): boolean {
  return /^_[a-z]+(_[a-z]+)*_$/.test(name);
}
