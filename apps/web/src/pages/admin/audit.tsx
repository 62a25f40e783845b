import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { AuditEntry } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { Card, Pager, QueryState } from '../../components/ui';
import { detailLines } from '../../lib/audit-details';
import { useFormat } from '../../lib/format';

const PAGE = 25;

export function AuditTab() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const [form, setForm] = useState({ actor: '', action: '', from: '', to: '' });
  const [filter, setFilter] = useState(form);
  const [page, setPage] = useState(0);
  const audit = useQuery({
    queryKey: ['audit', cid, filter, page],
    queryFn: () =>
      api<List<AuditEntry>>(`${communityPath(cid)}/audit`, {
        query: {
          actor: filter.actor.trim() || undefined,
          action: filter.action.trim() || undefined,
          // Date inputs are whole days: from the start of one to the end of the other.
          from: filter.from ? new Date(`${filter.from}T00:00:00`).toISOString() : undefined,
          to: filter.to ? new Date(`${filter.to}T23:59:59.999`).toISOString() : undefined,
          limit: PAGE,
          offset: page * PAGE,
        },
      }),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((audit.data?.total ?? 0) / PAGE));
  const field = (k: keyof typeof form, type = 'text') => (
    <div className="min-w-36 flex-1">
      <label className="label" htmlFor={`audit-${k}`}>
        {t(`admin.audit.${k === 'actor' ? 'who' : k}`)}
      </label>
      <input
        id={`audit-${k}`}
        type={type}
        className="input"
        value={form[k]}
        onChange={(e) => setForm({ ...form, [k]: e.target.value })}
      />
    </div>
  );
  return (
    <Card title={t('admin.audit.title')}>
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(0);
          setFilter(form);
        }}
      >
        {field('actor')}
        {field('action')}
        {field('from', 'date')}
        {field('to', 'date')}
        <button type="submit" className="btn btn-primary">
          {t('admin.audit.filter')}
        </button>
      </form>
      <QueryState query={audit} rows={6} isEmpty={(d) => d.items.length === 0} empty={t('admin.audit.empty')}>
        {(d) => (
          <>
            <div className="-mx-4 overflow-x-auto sm:-mx-5">
              <table className="w-full" data-testid="audit-table">
                <thead className="border-b border-line">
                  <tr>
                    <th className="th">{t('admin.audit.when')}</th>
                    <th className="th">{t('admin.audit.who')}</th>
                    <th className="th">{t('admin.audit.action')}</th>
                    <th className="th">{t('admin.audit.target')}</th>
                    <th className="th">{t('admin.audit.result')}</th>
                    <th className="th">{t('admin.audit.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((e) => (
                    <tr key={e.id} className="border-b border-line/50 align-top">
                      <td className="td text-muted">{f.dateTime(e.at)}</td>
                      <td className="td">
                        {e.actorName ?? e.actorType}
                        <span className="ml-1 text-xs text-faint">
                          ({t(`admin.audit.actors.${e.actorType}`, { defaultValue: e.actorType })})
                        </span>
                      </td>
                      <td className="td font-mono text-xs text-accent-strong">{e.action}</td>
                      <td className="td text-xs text-muted">
                        {e.targetType ? `${e.targetType}:${(e.targetId ?? '').slice(0, 12)}` : '—'}
                      </td>
                      <td className={`td text-xs ${e.result === 'ok' ? 'text-good' : 'text-bad'}`}>
                        {t(`admin.audit.results.${e.result}`, { defaultValue: e.result })}
                      </td>
                      <td className="td max-w-96 text-xs" data-testid="audit-details">
                        <dl className="space-y-0.5" translate="no">
                          {detailLines(e.details, (n) => t('admin.audit.items', { count: n })).map(
                            ([k, v]) => (
                              <div key={k} className="flex gap-1.5">
                                <dt className="shrink-0 text-faint">{k}</dt>
                                <dd className="break-words text-muted">{v}</dd>
                              </div>
                            ),
                          )}
                        </dl>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page + 1} pages={pages} onChange={(n) => setPage(n - 1)} className="mt-3" />
          </>
        )}
      </QueryState>
    </Card>
  );
}
