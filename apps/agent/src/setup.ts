import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { normaliseServerUrl, UsageError } from './args';
import { parseChoice } from './choose-files';
import { loadConfig, type SavedConfig, saveConfig } from './config';
import type { DiscoveryResult } from './discover';
import type { Prompter } from './prompt';

export interface SetupOptions {
  configFile: string;
  prompter: Prompter;
  discover: () => DiscoveryResult;
}

/**
 * `guildhall-agent setup`: asks for the server, the API key and the file, and saves them.
 * Returns false if the questions were cancelled (Ctrl-C or end of input); nothing is saved then.
 */
export async function runSetup({ configFile, prompter, discover }: SetupOptions): Promise<boolean> {
  const current: SavedConfig = (await loadConfig(configFile)) ?? {};
  prompter.say(`Guildhall agent setup: the answers are saved to ${configFile}`);

  let server: string | undefined;
  while (!server) {
    const hint = current.server ? ` [${current.server}]` : '';
    const answer = await prompter.ask(`Server URL${hint}: `);
    if (answer === undefined) return false;
    const text = answer || current.server;
    if (!text) continue;
    try {
      server = normaliseServerUrl(text);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      prompter.say(error.message);
    }
  }

  let key: string | undefined;
  while (!key) {
    const hint = current.key ? ` [Enter keeps …${current.key.slice(-4)}]` : '';
    const answer = await prompter.askSecret(`API key with the upload scope (not shown)${hint}: `);
    if (answer === undefined) return false;
    key = answer || current.key;
  }

  const files = await askFile(prompter, discover(), current.files);
  if (files === null) return false;

  const config: SavedConfig = { ...current, server, key };
  if (files) config.files = files;
  else delete config.files;
  await saveConfig(configFile, config);
  prompter.say(`Saved ${configFile} (readable only by you). Start uploading with: guildhall-agent`);
  return true;
}

/** The files to save: a list, undefined for "discover at every start", null if cancelled. */
async function askFile(
  prompter: Prompter,
  found: DiscoveryResult,
  current: string[] | undefined,
): Promise<string[] | undefined | null> {
  const paths = found.files.map((file) => file.path);
  if (paths.length === 0)
    prompter.say('No GuildActivityTracker.lua found in the usual World of Warcraft folders.');
  else {
    prompter.say('Found:');
    paths.forEach((path, index) => {
      prompter.say(`  ${index + 1}) ${path}`);
    });
  }
  if (current) prompter.say(`Currently saved: ${current.join(', ')}`);
  const choices = paths.length > 0 ? `, a = all found, 1-${paths.length}` : '';
  while (true) {
    const answer = await prompter.ask(
      `File to upload [Enter = find it at every start${choices}, or a path]: `,
    );
    if (answer === undefined) return null;
    if (answer === '') return undefined;
    const chosen = paths.length > 0 ? parseChoice(answer, paths.length) : undefined;
    if (chosen) return chosen.map((index) => paths[index]!);
    const path = resolve(answer.replace(/^["']|["']$/g, ''));
    if (existsSync(path)) return [path];
    prompter.say(`${path} does not exist; give a number, a, a path, or press Enter.`);
  }
}
