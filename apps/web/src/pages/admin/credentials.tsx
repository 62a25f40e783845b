import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { Credential, Integrations, SyncStatus } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { Card, Notice, QueryState, Rich } from '../../components/ui';
import { useFormat } from '../../lib/format';

/**
 * The outside services whose keys a community stores, per game: each field with its label,
 * whether it may be left empty, and where the officer gets it (`admin.credentials.help.*`).
 */
interface ProviderForm {
  games: string[];
  fields: { key: string; optional?: boolean; secret?: boolean }[];
  link?: string;
}
const providers: Record<string, ProviderForm> = {
  raiderio: { games: ['wow'], fields: [{ key: 'accessKey', optional: true, secret: true }] },
  warcraftlogs: {
    games: ['wow'],
    fields: [{ key: 'clientId' }, { key: 'clientSecret', secret: true }],
    link: 'https://www.warcraftlogs.com/api/clients/',
  },
  blizzard: {
    games: ['wow'],
    fields: [{ key: 'clientId' }, { key: 'clientSecret', secret: true }],
    link: 'https://develop.battle.net/access/clients',
  },
  wiseoldman: {
    games: ['osrs'],
    fields: [{ key: 'apiKey', optional: true, secret: true }],
    link: 'https://docs.wiseoldman.net/',
  },
};
const labels: Record<string, string> = {
  raiderio: 'Raider.IO',
  warcraftlogs: 'Warcraft Logs',
  blizzard: 'Blizzard / Battle.net',
  wiseoldman: 'Wise Old Man',
};
/** Services configured on the server, not per community: said so where officers look for them. */
const serverSide: Record<string, string[]> = {
  wow: ['discord'],
  osrs: ['discord'],
  dota: ['opendota', 'discord'],
  racing: ['discord'],
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
    enabled: community.game === 'wow',
  });
  const offered = Object.keys(providers).filter((p) => providers[p]!.games.includes(community.game));
  const [provider, setProvider] = useState(offered[0] ?? 'raiderio');
  const [values, setValues] = useState<Record<string, string>>({});
  const form = providers[provider];
  const fields = form?.fields ?? [];
  const filled = fields.filter((f) => (values[f.key] ?? '').trim() !== '');
  const complete = fields.every((f) => f.optional || (values[f.key] ?? '').trim() !== '');
  const save = useMutation({
    mutationFn: () =>
      api<Credential>(`${communityPath(cid)}/credentials/${provider}`, {
        method: 'PUT',
        body: { fields: Object.fromEntries(filled.map((f) => [f.key, values[f.key]!.trim()])) },
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
                          <dt className="text-muted">
                            {t(`admin.credentials.fieldLabels.${c.provider}.${k}`, { defaultValue: k })}
                          </dt>
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
        {offered.length === 0 ? (
          <p className="text-sm text-muted">{t('admin.credentials.noneForGame')}</p>
        ) : (
          <form
            className="space-y-3"
            data-testid="credentials-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (complete && filled.length > 0) save.mutate();
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
                {offered.map((p) => (
                  <option key={p} value={p}>
                    {labels[p]}
                  </option>
                ))}
              </select>
            </div>
            <p className="text-sm text-muted" data-testid="cred-help">
              <Rich text={t(`admin.credentials.help.${provider}`)} />
              {form?.link && (
                <>
                  {' '}
                  <a
                    className="text-accent-strong underline"
                    href={form.link}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {form.link}
                  </a>
                </>
              )}
            </p>
            {fields.map((fl) => (
              <div key={fl.key}>
                <label className="label" htmlFor={`cred-${fl.key}`}>
                  {t(`admin.credentials.fieldLabels.${provider}.${fl.key}`)}
                  {fl.optional && (
                    <span className="text-faint" data-testid="cred-optional">
                      {' '}
                      ({t('onboarding.optional')})
                    </span>
                  )}
                </label>
                <input
                  id={`cred-${fl.key}`}
                  className="input font-mono"
                  type={fl.secret ? 'password' : 'text'}
                  autoComplete="off"
                  spellCheck={false}
                  required={!fl.optional}
                  value={values[fl.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [fl.key]: e.target.value })}
                />
              </div>
            ))}
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="submit"
                className="btn btn-primary"
                disabled={save.isPending || !complete || filled.length === 0}
              >
                {t('admin.credentials.set')}
              </button>
              {save.error && <Notice kind="bad">{(save.error as Error).message}</Notice>}
              {remove.error && <Notice kind="bad">{(remove.error as Error).message}</Notice>}
            </div>
          </form>
        )}
        <ul className="mt-4 space-y-2 border-t border-line pt-3 text-xs text-muted">
          {(serverSide[community.game] ?? []).map((s) => (
            <li key={s}>
              <Rich text={t(`admin.credentials.serverSide.${s}`)} />
            </li>
          ))}
        </ul>
      </Card>
      {community.game === 'wow' && (
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
      )}
    </div>
  );
}
