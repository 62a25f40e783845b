import fs from 'node:fs';
import { chromium, type LaunchOptions } from 'playwright-core';

/**
 * The browser of the browser tests: Debian's Chromium (`apt-get install chromium`, as `.ci/run`
 * installs it), headless, without a sandbox (CI runs as root) or a GPU, and fetching nothing
 * from outside (no background networking, component updates, sync or first-run pages).
 */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails loudly when Chromium is missing, rather than a suite skipping its pages. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
}

export const launchChromium = () => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

type ProfileOptions = Omit<
  NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>,
  keyof LaunchOptions
>;

/** A browser with its own profile folder (cookies kept between pages), and the context's options. */
export const launchChromiumProfile = (dir: string, options: ProfileOptions = {}) =>
  chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
