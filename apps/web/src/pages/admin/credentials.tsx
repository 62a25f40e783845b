import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { Credential, Integrations, SyncStatus } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { Card, Notice, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';

/** The outside services Guildhall syncs from, with the fields each needs. */
const presets: Record<string, string[]> = {
  raiderio: ['accessKey'],
  warcraftlogs: ['clientId', 'clientSecret'],
  blizzard: ['clientId', 'clientSecret'],
};
const labels: Record<string, string> = {
  raiderio: 'Raider.IO',
  warcraftlogs: 'Warcraft Logs',
  blizzard: 'Blizzard / Battle.net',
};

/** The last run of one provider's sync: its status, and what the officer has to fix. */
function SyncRow({
  label,
  sync,
  dateTime,
}: {
  label: string;
  sync: SyncStatus | null;
  dateTime: (at: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <li className="py-3" data-testid="sync-status">
      <p className="font-semibold">{label}</p>
      {!sync ? (
        <p className="text-xs text-faint">{t('admin.credentials.neverRun')}</p>
      ) : (
        <div className="mt-1 space-y-1 text-xs">
          <p className="text-faint">
            {t('admin.credentials.lastRun')}: {t(`admin.credentials.runStatus.${sync.status}`)}
            {sync.at ? ` · ${dateTime(sync.at)}` : ''}
          </p>
          {sync.problem && (
            <Notice kind={sync.problem.code === 'FAILED' ? 'bad' : 'info'}>
              {t(`admin.credentials.problem.${sync.problem.code}`)}{' '}
              <span className="font-mono break-all">{sync.problem.reason}</span>
            </Notice>
          )}
          {sync.unknownRealms.length > 0 && (
            <Notice kind="info">
              {t('admin.credentials.unknownRealms', { realms: sync.unknownRealms.join(', ') })}
            </Notice>
          )}
          {sync.realmGuessed.length > 0 && (
            <p className="text-muted">
              {t('admin.credentials.realmGuessed', { realms: sync.realmGuessed.join(', ') })}
            </p>
          )}
        </div>
      )}
    </li>
  );
}

export function CredentialsTab() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const qc = useQueryClient();
  const creds = useQuery({
    queryKey: ['credentials', cid],
    queryFn: () => api<List<Credential>>(`${communityPath(cid)}/credentials`),
  });
  const integrations = useQuery({
    queryKey: ['integrations', cid],
    queryFn: () => api<Integrations>(`${communityPath(cid)}/integrations`),
  });
  const [provider, setProvider] = useState('raiderio');
  const [values, setValues] = useState<Record<string, string>>({});
  const fields = presets[provider] ?? [];
  const save = useMutation({
    mutationFn: () =>
      api<Credential>(`${communityPath(cid)}/credentials/${provider}`, {
        method: 'PUT',
        body: { fields: Object.fromEntries(fields.map((k) => [k, values[k] ?? ''])) },
      }),
    onSuccess: () => {
      setValues({});
      void qc.invalidateQueries({ queryKey: ['credentials', cid] });
    },
  });
  const remove = useMutation({
    mutationFn: (p: string) => api(`${communityPath(cid)}/credentials/${p}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['credentials', cid] }),
  });
  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <Card title={t('admin.credentials.title')} subtitle={t('admin.credentials.hint')}>
        <QueryState query={creds} isEmpty={(d) => d.items.length === 0} empty={t('admin.credentials.empty')}>
          {(d) => (
            <ul className="divide-y divide-line/60" data-testid="credentials">
              {d.items.map((c) => (
                <li key={c.provider} className="flex flex-wrap items-start justify-between gap-2 py-3">
                  <div className="min-w-0">
                    <p className="font-semibold">{labels[c.provider] ?? c.provider}</p>
                    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
                      {Object.entries(c.fields).map(([k, v]) => (
                        <div key={k} className="contents">
                          <dt className="text-muted">{k}</dt>
                          <dd className="font-mono break-all text-faint">{v}</dd>
                        </div>
                      ))}
                    </dl>
                    <p className="mt-1 text-xs text-faint">
                      {t('admin.credentials.updated')}: {f.dateTime(c.updatedAt)}
                    </p>
                  </div>
                  <button
                    type="button"
                    className="btn btn-danger"
                    onClick={() => {
                      if (
                        window.confirm(
                          t('admin.credentials.removeConfirm', {
                            provider: labels[c.provider] ?? c.provider,
                          }),
                        )
                      )
                        remove.mutate(c.provider);
                    }}
                  >
                    {t('admin.credentials.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
      <Card title={t('admin.credentials.set')}>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <div>
            <label className="label" htmlFor="cred-provider">
              {t('admin.credentials.provider')}
            </label>
            <select
              id="cred-provider"
              className="input"
              value={provider}
              onChange={(e) => {
                setProvider(e.target.value);
                setValues({});
              }}
            >
              {Object.keys(presets).map((p) => (
                <option key={p} value={p}>
                  {labels[p]}
                </option>
              ))}
            </select>
          </div>
          {fields.map((k) => (
            <div key={k}>
              <label className="label" htmlFor={`cred-${k}`}>
                {k}
              </label>
              <input
                id={`cred-${k}`}
                className="input font-mono"
                type="password"
                autoComplete="off"
                required
                value={values[k] ?? ''}
                onChange={(e) => setValues({ ...values, [k]: e.target.value })}
              />
            </div>
          ))}
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t('admin.credentials.set')}
            </button>
            {save.error && <Notice kind="bad">{(save.error as Error).message}</Notice>}
            {remove.error && <Notice kind="bad">{(remove.error as Error).message}</Notice>}
          </div>
        </form>
      </Card>
      <Card title={t('admin.credentials.syncs')} subtitle={t('admin.credentials.syncsHint')}>
        <QueryState query={integrations}>
          {(d) => (
            <ul className="divide-y divide-line/60">
              {(['raiderio', 'warcraftlogs', 'blizzard'] as const).map((p) => (
                <SyncRow key={p} label={labels[p] ?? p} sync={d.syncs[p]} dateTime={f.dateTime} />
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
