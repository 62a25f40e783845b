import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { AlertKind, AlertRule, Webhook } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { Card, Empty, Notice, QueryState } from '../../components/ui';

export function AlertsTab() {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const qc = useQueryClient();
  const hooks = useQuery({
    queryKey: ['webhooks', cid],
    queryFn: () => api<List<Webhook>>(`${communityPath(cid)}/webhooks`),
  });
  const rules = useQuery({
    queryKey: ['alert-rules', cid],
    queryFn: () => api<List<AlertRule>>(`${communityPath(cid)}/alert-rules`),
  });
  const [form, setForm] = useState({ name: '', url: '' });
  const [tested, setTested] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['webhooks', cid] });
  const add = useMutation({
    mutationFn: () => api<Webhook>(`${communityPath(cid)}/webhooks`, { method: 'POST', body: form }),
    onSuccess: () => {
      setForm({ name: '', url: '' });
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`${communityPath(cid)}/webhooks/${id}`, { method: 'DELETE' }),
    onSuccess: () => refresh(),
  });
  const test = useMutation({
    mutationFn: (id: string) =>
      api<{ delivered: boolean; status: number | null; error: string | null }>(
        `${communityPath(cid)}/webhooks/${id}/test`,
        { method: 'POST', body: {} },
      ),
    onSuccess: (r, id) => {
      setTested(r.delivered ? id : null);
      void refresh();
    },
  });
  const setRule = useMutation({
    mutationFn: (r: { kind: AlertKind; enabled: boolean }) =>
      api(`${communityPath(cid)}/alert-rules/${r.kind}`, { method: 'PUT', body: { enabled: r.enabled } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['alert-rules', cid] }),
  });
  const missing =
    hooks.error instanceof ApiError && hooks.error.status === 404 && hooks.error.code === 'NOT_FOUND';
  if (missing) return <Empty>{t('admin.alerts.unavailable')}</Empty>;

  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <Card title={t('admin.alerts.webhooks')} subtitle={t('admin.alerts.webhooksHint')}>
        <form
          className="mb-4 grid gap-2 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <div>
            <label className="label" htmlFor="hook-name">
              {t('admin.alerts.name')}
            </label>
            <input
              id="hook-name"
              className="input"
              required
              maxLength={80}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </div>
          <div>
            <label className="label" htmlFor="hook-url">
              {t('admin.alerts.url')}
            </label>
            <input
              id="hook-url"
              className="input font-mono"
              type="url"
              required
              placeholder="https://discord.com/api/webhooks/…"
              value={form.url}
              onChange={(e) => setForm({ ...form, url: e.target.value })}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            {t('admin.alerts.add')}
          </button>
        </form>
        {add.error && (
          <div className="mb-3">
            <Notice kind="bad">{(add.error as Error).message}</Notice>
          </div>
        )}
        <QueryState query={hooks} isEmpty={(d) => d.items.length === 0} empty={t('admin.alerts.empty')}>
          {(d) => (
            <ul className="divide-y divide-line/60" data-testid="webhooks">
              {d.items.map((h) => (
                <li key={h.id} className="flex flex-wrap items-center gap-2 py-3">
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">
                      {h.name}
                      {h.brokenAt && (
                        <span className="chip ml-2 !border-bad/50 !text-bad" title={h.brokenReason ?? ''}>
                          {t('admin.alerts.broken')}
                        </span>
                      )}
                    </p>
                    <p className="truncate font-mono text-xs text-faint">{h.url}</p>
                  </div>
                  <button
                    type="button"
                    className="btn"
                    disabled={test.isPending}
                    onClick={() => test.mutate(h.id)}
                    data-testid="webhook-test"
                  >
                    {tested === h.id ? `✓ ${t('admin.alerts.testSent')}` : t('admin.alerts.test')}
                  </button>
                  <button type="button" className="btn btn-danger" onClick={() => remove.mutate(h.id)}>
                    {t('admin.alerts.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
        {test.data && !test.data.delivered && (
          <div className="mt-3">
            <Notice kind="bad">{test.data.error ?? `HTTP ${test.data.status}`}</Notice>
          </div>
        )}
        {test.error && (
          <div className="mt-3">
            <Notice kind="bad">{(test.error as Error).message}</Notice>
          </div>
        )}
      </Card>
      <Card title={t('admin.alerts.rules')}>
        <QueryState query={rules} isEmpty={(d) => d.items.length === 0} empty={t('admin.alerts.rulesEmpty')}>
          {(d) => (
            <ul className="space-y-2" data-testid="alert-rules">
              {d.items.map((r) => (
                <li
                  key={r.kind}
                  className="flex items-center justify-between gap-3 rounded-lg bg-raised/60 px-3 py-2"
                >
                  <span className="text-sm">
                    {t(`admin.alerts.rule.${r.kind}`, { defaultValue: r.kind })}
                    {r.thresholds?.length ? (
                      <span className="ml-2 text-xs text-faint">{r.thresholds.join(' · ')}</span>
                    ) : null}
                  </span>
                  <label className="flex items-center gap-2 text-xs text-muted">
                    {t('admin.alerts.enabled')}
                    <input
                      type="checkbox"
                      className="size-4 accent-cyan-400"
                      checked={r.enabled}
                      disabled={setRule.isPending}
                      onChange={(e) => setRule.mutate({ kind: r.kind, enabled: e.target.checked })}
                    />
                  </label>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
        {setRule.error && (
          <div className="mt-3">
            <Notice kind="bad">{(setRule.error as Error).message}</Notice>
          </div>
        )}
      </Card>
    </div>
  );
}
