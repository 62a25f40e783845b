import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAgent } from '../scripts/bundle';
import { injectSeaBlob, prepareSeaBlob } from '../scripts/sea';
import { hostTarget } from '../scripts/targets';
import { savedVariables, sha256 } from './helpers/agent-fixture';
import { startFakeServer } from './helpers/fake-server';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The release build injects the same blob into Node binaries from npm; here the host's own Node
// (the blob must come from the Node it runs in) makes a Linux executable with nothing downloaded.
describe.runIf(hostTarget()?.id === 'linux-x64')('the Linux single-file executable', () => {
  let work: string;
  let executable: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'guildhall-agent-sea-'));
    const cjsBundle = join(work, 'guildhall-agent.cjs');
    await bundleAgent('cjs', cjsBundle);
    const blob = await prepareSeaBlob({ blobNode: process.execPath, cjsBundle, workDir: work });
    executable = join(work, 'guildhall-agent-linux-x64');
    await injectSeaBlob({ nodeBinary: process.execPath, blob, outFile: executable, format: 'elf' });
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('is one file that runs without node and answers --help and --version', async () => {
    expect((await stat(executable)).mode & 0o111).not.toBe(0);
    // No `node` on PATH: the executable is the runtime.
    const help = await run(executable, ['--help'], { PATH: '/nonexistent' });
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^guildhall-agent: uploads the Guild Activity Tracker SavedVariables file/);
    expect(help.stdout).toContain('guildhall-agent setup');
    const version = await run(executable, ['--version'], {});
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('uploads a SavedVariables file to a server and exits 0', async () => {
    const home = join(work, 'home');
    const folder = join(home, 'WoW', '_retail_', 'WTF', 'Account', 'ACC1', 'SavedVariables');
    await mkdir(folder, { recursive: true });
    const file = join(folder, 'GuildActivityTracker.lua');
    await writeFile(file, savedVariables(7));
    const server = await startFakeServer();
    try {
      const result = await run(
        executable,
        ['--server', server.url, '--key', 'gh_upload_key', '--file', file, '--once', '--settle-ms', '0'],
        { HOME: home, GUILDHALL_AGENT_CONFIG: join(home, 'agent.json') },
      );
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/uploaded GuildActivityTracker\.lua/);
      expect(server.received).toHaveLength(1);
      const upload = server.received[0];
      expect(upload?.url).toBe('/api/upload');
      expect(upload?.headers['x-api-key']).toBe('gh_upload_key');
      expect(upload?.headers['x-content-sha256']).toBe(sha256(await readFile(file)));
      expect(upload?.raw.equals(savedVariables(7))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
