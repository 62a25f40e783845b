import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The `guildhall` CLI as users run it: its bin, spawned as a child process. */
export const guildhallBin = path.resolve(import.meta.dirname, '../bin/guildhall.js');

/**
 * Every test spawns cold CLI processes (tsx compiles the sources on each start), which takes
 * seconds each on a loaded two-core machine: the budget is per test and generous, so no
 * assertion depends on how fast a process starts.
 */
export const SPAWNS_TIMEOUT = 600_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `guildhall …args` to its end and answers its exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { cwd?: string; baseEnv?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [guildhallBin, ...args], {
      env: { ...(opts.baseEnv ?? process.env), LOG_LEVEL: 'warn', ...env },
      cwd: opts.cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The line scripts read: commands print their value (an id, a key, a summary) last. */
export const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

/** Resolves once the serving process has printed `text`; fails if it exits first. */
export function waitForOutput(child: ChildProcess, output: () => string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (output().includes(text)) {
        child.stdout?.off('data', check);
        child.off('exit', exited);
        resolve();
      }
    };
    const exited = (code: number | null) =>
      reject(new Error(`the server exited (${code}) before "${text}":\n${output()}`));
    child.stdout?.on('data', check);
    child.once('exit', exited);
    check();
  });
}
