import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ErrorCode, errorCatalogue } from '../core/errors';

/**
 * The CLI's side of the admin channel (see admin-channel.ts): kept free of heavy imports so
 * a command handed to a running server starts fast.
 */
export interface AdminChannelInfo {
  url: string;
  token: string;
  pid: number;
}

export const adminChannelFile = (dataDir: string) => path.join(dataDir, 'admin.json');

export const TOKEN_HEADER = 'x-guildhall-admin-token';

export function writeAdminChannel(dataDir: string, info: AdminChannelInfo): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = adminChannelFile(dataDir);
  fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

export function removeAdminChannel(dataDir: string): void {
  try {
    const info = JSON.parse(fs.readFileSync(adminChannelFile(dataDir), 'utf8')) as AdminChannelInfo;
    if (info.pid === process.pid) fs.rmSync(adminChannelFile(dataDir), { force: true });
  } catch {
    // nothing to remove
  }
}

/** The running server's channel, if one is alive on this data directory. */
export function readAdminChannel(dataDir: string): AdminChannelInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(adminChannelFile(dataDir), 'utf8')) as AdminChannelInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

export async function callAdminChannel(info: AdminChannelInfo, op: string, args: unknown): Promise<string[]> {
  const res = await fetch(`${info.url}/api/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: info.token },
    body: JSON.stringify({ op, args }),
    signal: AbortSignal.timeout(15 * 60_000),
  });
  const body = (await res.json()) as { lines?: string[]; error?: { code: string; message: string } };
  if (!res.ok || !body.lines) {
    const code = body.error?.code;
    throw new AppError(
      code && Object.hasOwn(errorCatalogue, code) ? (code as ErrorCode) : 'INTERNAL',
      body.error?.message ?? `the server answered HTTP ${res.status}`,
    );
  }
  return body.lines;
}
