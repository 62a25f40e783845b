import type { TApiKeyScope } from '@guildhall/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { ApiKey } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { ShownOnce } from '../../components/copy';
import { Card, ErrorState, Notice, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { ConnectPc } from './connect-pc';

type Scope = TApiKeyScope;

export function ApiKeysTab() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const qc = useQueryClient();
  const keys = useQuery({
    queryKey: ['api-keys', cid],
    queryFn: () => api<List<ApiKey>>(`${communityPath(cid)}/api-keys`),
  });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['upload']);
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api<ApiKey & { key: string }>(`${communityPath(cid)}/api-keys`, {
        method: 'POST',
        body: { name: name.trim() || 'API key', scopes },
      }),
    onSuccess: (row) => {
      setCreated(row);
      setName('');
      void qc.invalidateQueries({ queryKey: ['api-keys', cid] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<ApiKey>(`${communityPath(cid)}/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['api-keys', cid] }),
  });

  return (
    <div className="space-y-5">
      {community.game === 'wow' && <ConnectPc />}
      <Card title={t('admin.apiKeys.title')} subtitle={t('admin.apiKeys.hint')}>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (scopes.length) create.mutate();
          }}
        >
          <div className="min-w-48 flex-1">
            <label className="label" htmlFor="key-name">
              {t('admin.apiKeys.name')}
            </label>
            <input
              id="key-name"
              className="input"
              value={name}
              maxLength={80}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <fieldset className="flex items-center gap-3 pb-1.5">
            <legend className="label">{t('admin.apiKeys.scopes')}</legend>
            {(['upload', 'read', 'telemetry', 'events'] as const).map((s) => (
              <label key={s} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-cyan-400"
                  data-testid={`scope-${s}`}
                  checked={scopes.includes(s)}
                  onChange={(e) =>
                    setScopes((prev) => (e.target.checked ? [...prev, s] : prev.filter((x) => x !== s)))
                  }
                />
                {t(`admin.apiKeys.scope.${s}`)}
              </label>
            ))}
          </fieldset>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.isPending || scopes.length === 0}
            data-testid="create-key"
          >
            {t('admin.apiKeys.create')}
          </button>
        </form>
        {scopes.length === 0 && <p className="mt-2 text-xs text-warn">{t('admin.apiKeys.needScope')}</p>}
        {create.error && (
          <div className="mt-3">
            <ErrorState error={create.error} />
          </div>
        )}
        {created && (
          <ShownOnce
            testId="new-key"
            valueTestId="new-key-value"
            title={t('admin.apiKeys.createdTitle')}
            hint={t('admin.apiKeys.createdHint')}
            value={created.key}
            onDone={() => setCreated(null)}
          />
        )}
      </Card>
      <Card>
        <QueryState query={keys} isEmpty={(d) => d.items.length === 0} empty={t('admin.apiKeys.empty')}>
          {(d) => (
            <div className="-mx-4 overflow-x-auto sm:-mx-5">
              <table className="w-full" data-testid="api-keys">
                <thead className="border-b border-line">
                  <tr>
                    <th className="th">{t('admin.apiKeys.name')}</th>
                    <th className="th">{t('admin.apiKeys.prefix')}</th>
                    <th className="th">{t('admin.apiKeys.scopes')}</th>
                    <th className="th">{t('admin.apiKeys.created')}</th>
                    <th className="th">{t('admin.apiKeys.lastUsed')}</th>
                    <th className="th">{t('admin.apiKeys.lastUpload')}</th>
                    <th className="th">{t('admin.apiKeys.status')}</th>
                    <th className="th" />
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((k) => (
                    <tr
                      key={k.id}
                      className="border-b border-line/50"
                      data-testid="api-key-row"
                      data-key-id={k.id}
                    >
                      <td className="td font-medium">{k.name}</td>
                      <td className="td font-mono text-xs text-muted">{k.prefix}…</td>
                      <td className="td">
                        <span className="flex gap-1">
                          {k.scopes.map((s) => (
                            <span key={s} className="chip">
                              {t(`admin.apiKeys.scope.${s}`)}
                            </span>
                          ))}
                        </span>
                      </td>
                      <td className="td text-muted">{f.dateTime(k.createdAt)}</td>
                      <td className="td text-muted">
                        {k.lastUsedAt ? f.ago(k.lastUsedAt) : t('state.never')}
                      </td>
                      <td className="td text-muted" data-testid="api-key-last-upload">
                        {k.lastUploadAt ? f.ago(k.lastUploadAt) : t('state.never')}
                      </td>
                      <td className="td">
                        {k.revokedAt ? (
                          <span className="chip !border-bad/40 !text-bad">{t('admin.apiKeys.revoked')}</span>
                        ) : (
                          <span className="chip !border-good/40 !text-good">{t('admin.apiKeys.active')}</span>
                        )}
                      </td>
                      <td className="td text-right">
                        {!k.revokedAt && (
                          <button
                            type="button"
                            className="btn btn-danger"
                            data-testid="revoke-key"
                            disabled={revoke.isPending}
                            onClick={() => {
                              if (window.confirm(t('admin.apiKeys.revokeConfirm', { name: k.name })))
                                revoke.mutate(k.id);
                            }}
                          >
                            {t('admin.apiKeys.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        {revoke.error && (
          <div className="mt-3">
            <Notice kind="bad">{String((revoke.error as Error).message)}</Notice>
          </div>
        )}
      </Card>
    </div>
  );
}
