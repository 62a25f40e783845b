import { agentDownloadFiles, type TAgentDownloadPlatform, type TAgentDownloads } from '@guildhall/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { ApiKey } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { CopyButton } from '../../components/copy';
import { Card, ErrorState, Notice, Rich, Tabs } from '../../components/ui';
import { useFormat } from '../../lib/format';

export type PcSystem = 'windows' | 'macos-arm64' | 'macos-x64' | 'linux';
export type PcMethod = 'download' | 'npx';
const systems: PcSystem[] = ['windows', 'macos-arm64', 'macos-x64', 'linux'];

/** Where the agent reads its saved settings on each system (apps/agent/src/config.ts). */
const configFile: Record<PcSystem, string> = {
  windows: '%APPDATA%\\guildhall\\agent.json',
  'macos-arm64': '~/Library/Application Support/guildhall/agent.json',
  'macos-x64': '~/Library/Application Support/guildhall/agent.json',
  linux: '~/.config/guildhall/agent.json',
};

/** The exact lines a player types on `system` to start the agent against this server with `key`. */
export function agentCommand(
  system: PcSystem,
  method: PcMethod,
  server: string,
  key: string,
  combatLog = false,
): string {
  const flags = `--server ${server} --key ${key}${combatLog ? ' --combat-log' : ''}`;
  if (method === 'npx') return `npx guildhall-agent ${flags}`;
  const file = agentDownloadFiles[system];
  if (system === 'windows') return `cd $env:USERPROFILE\\Downloads\n.\\${file} ${flags}`;
  if (system === 'linux') return `cd ~/Downloads\nchmod +x ${file}\n./${file} ${flags}`;
  // macOS: a downloaded, unsigned file is quarantined; an ad-hoc signature lets it run.
  return `cd ~/Downloads\nchmod +x ${file}\nxattr -c ${file}\ncodesign --force --sign - ${file}\n./${file} ${flags}`;
}

function Code({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="relative">
      <pre
        className="overflow-x-auto rounded-lg border border-line bg-bg p-3 pr-20 font-mono text-xs leading-relaxed whitespace-pre"
        data-testid={testId}
      >
        {text}
      </pre>
      <CopyButton text={text} className="btn absolute top-1.5 right-1.5 !px-2 !py-1 text-xs" />
    </div>
  );
}

const megabytes = (size: number) => `${(size / 1024 / 1024).toFixed(0)} MB`;

/**
 * "Connect a PC": an upload key made here, then for the player's system the download and the
 * exact command with this server and that key, and whether a file has arrived with it yet.
 */
export function ConnectPc() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const qc = useQueryClient();
  const server = window.location.origin;
  const [pcName, setPcName] = useState('');
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const [system, setSystem] = useState<PcSystem>('windows');
  const [method, setMethod] = useState<PcMethod>('download');
  // Raid combat logs too (the telemetry module): the key also gets the `telemetry` scope.
  const offersCombatLog = community.modules.includes('telemetry');
  const [combatLog, setCombatLog] = useState(false);

  const downloads = useQuery({
    queryKey: ['agent-downloads'],
    queryFn: () => api<TAgentDownloads>('/api/v1/downloads'),
    staleTime: 60_000,
  });
  // Until the new key's first upload arrives, look again every few seconds.
  const keys = useQuery({
    queryKey: ['api-keys', cid],
    queryFn: () => api<List<ApiKey>>(`${communityPath(cid)}/api-keys`),
    refetchInterval: (q) => {
      const row = q.state.data?.items.find((k) => k.id === created?.id);
      return created && !row?.lastUploadAt ? 5_000 : false;
    },
  });
  const create = useMutation({
    mutationFn: () =>
      api<ApiKey & { key: string }>(`${communityPath(cid)}/api-keys`, {
        method: 'POST',
        body: {
          name: pcName.trim() || t('admin.connectPc.defaultName'),
          scopes: offersCombatLog && combatLog ? ['upload', 'telemetry'] : ['upload'],
        },
      }),
    onSuccess: (row) => {
      setCreated(row);
      setPcName('');
      void qc.invalidateQueries({ queryKey: ['api-keys', cid] });
    },
  });

  const key = created?.key ?? t('admin.connectPc.keyPlaceholder');
  const sendsCombatLog = created ? created.scopes.includes('telemetry') : offersCombatLog && combatLog;
  const download = (platform: TAgentDownloadPlatform) =>
    downloads.data?.items.find((d) => d.platform === platform);
  const lastUpload = created ? keys.data?.items.find((k) => k.id === created.id)?.lastUploadAt : undefined;
  const systemLabel = (s: PcSystem) => t(`admin.connectPc.system.${s}`);

  return (
    <Card title={t('admin.connectPc.title')} subtitle={t('admin.connectPc.hint')}>
      <div className="space-y-5" data-testid="connect-pc">
        <section>
          <h3 className="mb-2 text-sm font-semibold">{t('admin.connectPc.step1')}</h3>
          {created ? (
            <Notice kind="good">{t('admin.connectPc.keyReady', { name: created.name })}</Notice>
          ) : (
            <form
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate();
              }}
            >
              <div className="min-w-48 flex-1">
                <label className="label" htmlFor="pc-name">
                  {t('admin.connectPc.pcName')}
                </label>
                <input
                  id="pc-name"
                  className="input"
                  value={pcName}
                  maxLength={80}
                  placeholder={t('admin.connectPc.defaultName')}
                  onChange={(e) => setPcName(e.target.value)}
                />
              </div>
              {offersCombatLog && (
                <label className="flex items-center gap-1.5 pb-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-cyan-400"
                    data-testid="connect-pc-combat-log"
                    checked={combatLog}
                    onChange={(e) => setCombatLog(e.target.checked)}
                  />
                  {t('admin.connectPc.combatLog')}
                </label>
              )}
              <button
                type="submit"
                className="btn btn-primary"
                disabled={create.isPending}
                data-testid="connect-pc-create"
              >
                {t('admin.connectPc.createKey')}
              </button>
            </form>
          )}
          {create.error && (
            <div className="mt-3">
              <ErrorState error={create.error} />
            </div>
          )}
          {created && <p className="mt-2 text-xs text-muted">{t('admin.connectPc.keyOnce')}</p>}
        </section>

        <section>
          <h3 className="mb-2 text-sm font-semibold">{t('admin.connectPc.step2')}</h3>
          <Tabs
            label={t('admin.connectPc.step2')}
            value={system}
            onChange={setSystem}
            tabs={systems.map((s) => ({ id: s, label: systemLabel(s) }))}
          />
          <div className="flex flex-wrap items-center gap-3">
            {(() => {
              const d = download(system);
              if (!d) return null;
              return d.size === null ? (
                <span className="text-sm text-warn" data-testid="download-missing">
                  <Rich text={t('admin.connectPc.notBuilt', { command: downloads.data?.buildCommand })} />
                </span>
              ) : (
                <a className="btn btn-primary" href={d.url} download data-testid="download-agent">
                  {t('admin.connectPc.download', { system: systemLabel(system), size: megabytes(d.size) })}
                </a>
              );
            })()}
            <fieldset className="flex items-center gap-3 text-sm">
              <legend className="sr-only">{t('admin.connectPc.method')}</legend>
              {(['download', 'npx'] as const).map((m) => (
                <label key={m} className="flex items-center gap-1.5">
                  <input
                    type="radio"
                    name="pc-method"
                    className="size-4 accent-cyan-400"
                    checked={method === m}
                    data-testid={`method-${m}`}
                    onChange={() => setMethod(m)}
                  />
                  {t(`admin.connectPc.methods.${m}`)}
                </label>
              ))}
            </fieldset>
          </div>
        </section>

        <section>
          <h3 className="mb-2 text-sm font-semibold">{t('admin.connectPc.step3')}</h3>
          <p className="mb-2 text-sm text-muted">
            {t(
              method === 'npx'
                ? 'admin.connectPc.runNpx'
                : system === 'windows'
                  ? 'admin.connectPc.runWindows'
                  : system === 'linux'
                    ? 'admin.connectPc.runLinux'
                    : 'admin.connectPc.runMac',
            )}
          </p>
          <Code
            text={agentCommand(system, method, server, key, sendsCombatLog)}
            testId="connect-pc-command"
          />
          <p className="mt-3 mb-2 text-sm text-muted">
            {t('admin.connectPc.configHint', { file: configFile[system] })}
          </p>
          <Code
            text={JSON.stringify({ server, key, ...(sendsCombatLog ? { combatLog: true } : {}) }, null, 2)}
            testId="connect-pc-config"
          />
          {sendsCombatLog && <p className="mt-2 text-xs text-muted">{t('admin.connectPc.combatLogNote')}</p>}
          {method === 'npx' && (
            <p className="mt-2 text-xs text-muted">
              {t('admin.connectPc.npxNote')}{' '}
              {download('node')?.size != null && (
                <a className="text-accent-strong underline" href={download('node')?.url} download>
                  {agentDownloadFiles.node}
                </a>
              )}
            </p>
          )}
        </section>

        <section>
          <h3 className="mb-2 text-sm font-semibold">{t('admin.connectPc.step4')}</h3>
          {!created ? (
            <p className="text-sm text-muted">{t('admin.connectPc.lastUploadColumn')}</p>
          ) : lastUpload ? (
            <Notice kind="good">
              <span data-testid="connect-pc-status">
                {t('admin.connectPc.received', { ago: f.ago(lastUpload) })}
              </span>
            </Notice>
          ) : (
            <Notice>
              <span data-testid="connect-pc-status">{t('admin.connectPc.waiting')}</span>
            </Notice>
          )}
        </section>
      </div>
    </Card>
  );
}
