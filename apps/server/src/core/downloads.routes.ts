import fs from 'node:fs';
import path from 'node:path';
import {
  agentBuildCommand,
  agentDownloadFiles,
  agentDownloadPlatforms,
  type TAgentDownloads,
  zAgentDownloads,
} from '@guildhall/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { installRoot } from '../config';
import { AppError } from './errors';

const files = new Set(Object.values(agentDownloadFiles));

function sizeOf(file: string): number | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

function notBuilt(request: FastifyRequest, reply: FastifyReply, file: string) {
  const message = `${file} has not been built on this server: run \`${agentBuildCommand}\` in the Guildhall folder, then restart it`;
  reply.code(404);
  if (request.headers.accept?.includes('text/html')) {
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not built yet — Guildhall</title></head>` +
          `<body>` +
          `<h1>${file} is not built yet</h1><p>The server owner builds the agent downloads with</p>` +
          `<pre><code>${agentBuildCommand}</code></pre><p>in the Guildhall folder, then restarts the server.</p></body></html>`,
      );
  }
  return reply.send(
    new AppError('DOWNLOAD_NOT_BUILT', message, { file, buildCommand: agentBuildCommand }).toBody(),
  );
}

/** Where `npm run build` puts the agent's artefacts, under the install root like the dashboard. */
export const defaultAgentDist = path.join(installRoot, 'apps/agent/dist');

/**
 * The agent for players, public (it holds no secrets): `GET /downloads/<file>` answers the
 * artefacts `npm run build` wrote to `dir` as attachments, and `GET /api/v1/downloads` lists
 * which exist, for the admin page's download buttons.
 */
export async function registerDownloads(instance: FastifyInstance, dir: string): Promise<void> {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/downloads',
    { schema: { tags: ['system'], response: { 200: zAgentDownloads } } },
    async (): Promise<TAgentDownloads> => ({
      items: agentDownloadPlatforms.map((platform) => {
        const file = agentDownloadFiles[platform];
        return { platform, file, url: `/downloads/${file}`, size: sizeOf(path.join(dir, file)) };
      }),
      buildCommand: agentBuildCommand,
    }),
  );

  app.get(
    '/downloads/:file',
    { schema: { hide: true, params: z.object({ file: z.string().max(100) }) } },
    async (request, reply) => {
      const { file } = request.params;
      // Only the artefacts by name: nothing else in the folder (the build's cache) is reachable.
      if (!files.has(file)) {
        return reply
          .code(404)
          .send(new AppError('NOT_FOUND', `no download named ${file.slice(0, 100)}`).toBody());
      }
      const full = path.join(dir, file);
      const size = sizeOf(full);
      if (size === null) return notBuilt(request, reply, file);
      return reply
        .type(file.endsWith('.mjs') ? 'text/javascript; charset=utf-8' : 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('content-length', size)
        .header('cache-control', 'no-cache')
        .send(fs.createReadStream(full));
    },
  );
}
