// `npm run build` for the agent: the bundled guildhall-agent.mjs and one executable per platform
// in apps/agent/dist (served by the server under /downloads/). GUILDHALL_AGENT_TARGETS=host (or
// --targets=host) builds only this machine's executable, `none` only the bundle; the default
// builds all four.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleAgent } from './bundle';
import { nodeBinaryFor } from './node-binaries';
import { injectSeaBlob, prepareSeaBlob } from './sea';
import {
  EXECUTABLE_NODE_VERSION,
  EXECUTABLE_TARGETS,
  type ExecutableTarget,
  executableName,
  hostTarget,
} from './targets';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const CACHE = join(DIST, '.cache');

function chosenTargets(spec: string): ExecutableTarget[] {
  if (spec === 'all') return [...EXECUTABLE_TARGETS];
  if (spec === 'none') return [];
  if (spec === 'host') {
    const host = hostTarget();
    if (!host) throw new Error(`no executable target for this machine (${process.platform}-${process.arch})`);
    return [host];
  }
  return spec.split(',').map((id) => {
    const target = EXECUTABLE_TARGETS.find((t) => t.id === id.trim());
    if (!target) {
      throw new Error(
        `unknown target "${id}": use all, host, none or ${EXECUTABLE_TARGETS.map((t) => t.id).join(', ')}`,
      );
    }
    return target;
  });
}

async function report(file: string) {
  const { size } = await stat(file);
  console.log(`  ${file.slice(DIST.length).padEnd(34)} ${(size / 1024 / 1024).toFixed(1).padStart(6)} MB`);
}

async function readOrEmpty(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function main() {
  const flag = process.argv.find((arg) => arg.startsWith('--targets='))?.slice('--targets='.length);
  const targets = chosenTargets(flag?.trim() || process.env.GUILDHALL_AGENT_TARGETS?.trim() || 'all');
  console.log(`guildhall-agent: building into ${DIST}`);
  const bundle = join(DIST, 'guildhall-agent.mjs');
  await bundleAgent('esm', bundle);
  await report(bundle);
  if (targets.length === 0) return;

  // The blob is written by a Node of the executables' version that this machine can run.
  const host = hostTarget();
  if (!host) {
    throw new Error(
      `executables are built on linux-x64, win-x64 or macOS (this is ${process.platform}-${process.arch}); set GUILDHALL_AGENT_TARGETS=none`,
    );
  }
  const cjsBundle = join(CACHE, 'sea', 'guildhall-agent.cjs');
  await bundleAgent('cjs', cjsBundle);
  const blobNode = await nodeBinaryFor(host, EXECUTABLE_NODE_VERSION, CACHE);
  const blob = await prepareSeaBlob({ blobNode, cjsBundle, workDir: join(CACHE, 'sea') });
  // An executable whose blob and Node version have not changed since the last build is kept:
  // `npm start` runs this build every time.
  const stamp = `${EXECUTABLE_NODE_VERSION} ${createHash('sha256').update(blob).digest('hex')}`;
  await mkdir(join(CACHE, 'stamps'), { recursive: true });
  for (const target of targets) {
    const outFile = join(DIST, executableName(target));
    const stampFile = join(CACHE, 'stamps', target.id);
    if ((await readOrEmpty(stampFile)) !== stamp || !(await isFile(outFile))) {
      const nodeBinary = await nodeBinaryFor(target, EXECUTABLE_NODE_VERSION, CACHE);
      await injectSeaBlob({ nodeBinary, blob, outFile, format: target.format });
      await writeFile(stampFile, stamp);
    }
    await report(outFile);
  }
}

main().catch((error: unknown) => {
  console.error(`guildhall-agent build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
