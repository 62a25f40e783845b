import { basename, dirname } from 'node:path';

/**
 * The X-Source-File header: `<account folder>/<file name>`, e.g. `12345678#1/GuildActivityTracker.lua`.
 * For a file outside the usual `Account/<ACCOUNT>/SavedVariables/` layout the parent folder stands in
 * for the account. Header values must be printable ASCII, so anything else is percent-encoded.
 */
export function sourceLabelFor(path: string): string {
  const parent = dirname(path);
  const account =
    basename(parent).toLowerCase() === 'savedvariables' ? basename(dirname(parent)) : basename(parent);
  return toHeaderValue(`${account}/${basename(path)}`);
}

/**
 * How status lines name a file: its base name when only one file is watched, otherwise
 * `<flavour>/<account>/<file name>` so that several files can be told apart.
 */
export function displayNameFor(path: string, severalFiles: boolean): string {
  if (!severalFiles) return basename(path);
  const parts = path.split(/[\\/]+/);
  const wtf = parts.lastIndexOf('WTF');
  const flavour = wtf > 0 ? parts[wtf - 1] : undefined;
  const account = basename(dirname(dirname(path)));
  return [flavour, account, basename(path)].filter(Boolean).join('/');
}

function toHeaderValue(text: string): string {
  return Array.from(text, (char) => (/^[\x20-\x7e]$/.test(char) ? char : encodeURIComponent(char))).join('');
}
