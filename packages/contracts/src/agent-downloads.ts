import { z } from 'zod';

/** The agent artefacts `npm run build` writes to apps/agent/dist and the server serves under /downloads/. */
export const agentDownloadPlatforms = ['windows', 'macos-arm64', 'macos-x64', 'linux', 'node'] as const;
export const zAgentDownloadPlatform = z.enum(agentDownloadPlatforms);
export type TAgentDownloadPlatform = z.infer<typeof zAgentDownloadPlatform>;

export const agentDownloadFiles: Record<TAgentDownloadPlatform, string> = {
  windows: 'guildhall-agent-win-x64.exe',
  'macos-arm64': 'guildhall-agent-macos-arm64',
  'macos-x64': 'guildhall-agent-macos-x64',
  linux: 'guildhall-agent-linux-x64',
  node: 'guildhall-agent.mjs',
};

/** The command that builds them, named wherever one is missing. */
export const agentBuildCommand = 'npm run build';

export const zAgentDownload = z.object({
  platform: zAgentDownloadPlatform,
  file: z.string(),
  /** `/downloads/<file>` on this server. */
  url: z.string(),
  /** Bytes, or null when it has not been built on this server. */
  size: z.number().int().nullable(),
});
export const zAgentDownloads = z.object({
  items: z.array(zAgentDownload),
  buildCommand: z.string(),
});
export type TAgentDownloads = z.infer<typeof zAgentDownloads>;
