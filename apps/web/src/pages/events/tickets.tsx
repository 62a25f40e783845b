import type { TTicket, TTicketConfig } from '@guildhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { communityPath } from '../../api/queries';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Notice, Pager, PageTitle, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { EventsTabs } from './common';
import { PAGE_SIZE, useRefreshEvents, useTicketConfig, useTickets } from './queries';

export const Route = createLazyRoute('/c/$cid/events/tickets')({
  component: () => (
    <PageGate page="tickets">
      <TicketsPage />
    </PageGate>
  ),
});

function TicketsPage() {
  const { t } = useTranslation();
  return (
    <div className="space-y-5">
      <PageTitle>{t('events.tickets.title')}</PageTitle>
      <EventsTabs current="tickets" />
      <div className="grid gap-5 xl:grid-cols-[2fr_1fr]">
        <TicketList />
        <ConfigCard />
      </div>
    </div>
  );
}

function TicketList() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const [status, setStatus] = useState<TTicket['status'] | ''>('');
  const [page, setPage] = useState(1);
  const tickets = useTickets(cid, status, page);
  const refresh = useRefreshEvents(cid);
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'close' | 'reopen' }) =>
      api<TTicket>(`${communityPath(cid)}/tickets/${id}/${action}`, { method: 'POST', body: {} }),
    onSuccess: () => refresh(),
  });
  const pages = tickets.data ? Math.max(1, Math.ceil(tickets.data.total / PAGE_SIZE)) : 1;
  return (
    <Card
      title={t('events.tickets.title')}
      actions={
        <select
          className="input w-auto"
          aria-label={t('events.tickets.status')}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as TTicket['status'] | '');
            setPage(1);
          }}
        >
          <option value="">{t('events.tickets.anyStatus')}</option>
          {(['open', 'claimed', 'closed'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`events.tickets.statuses.${s}`)}
            </option>
          ))}
        </select>
      }
    >
      {act.error && <Notice kind="bad">{(act.error as Error).message}</Notice>}
      <QueryState query={tickets} isEmpty={(d) => d.items.length === 0} empty={t('events.tickets.none')}>
        {(data) => (
          <>
            <div className="-mx-4 overflow-x-auto sm:-mx-5">
              <table className="w-full min-w-[640px]" data-testid="tickets-table">
                <thead className="border-b border-line">
                  <tr>
                    <th className="th text-right">{t('events.tickets.number')}</th>
                    <th className="th">{t('events.tickets.subject')}</th>
                    <th className="th">{t('events.tickets.status')}</th>
                    <th className="th">{t('events.tickets.openedBy')}</th>
                    <th className="th">{t('events.tickets.claimedBy')}</th>
                    <th className="th">{t('events.tickets.openedAt')}</th>
                    <th className="th" />
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((tk) => (
                    <tr key={tk.id} className="border-b border-line/50">
                      <td className="td text-right tabular-nums">{tk.number}</td>
                      <td className="td max-w-64 truncate font-medium">{tk.subject}</td>
                      <td className="td">
                        <span className={`chip ${tk.status === 'closed' ? '' : 'text-accent-strong'}`}>
                          {t(`events.tickets.statuses.${tk.status}`)}
                        </span>
                      </td>
                      <td className="td">{tk.openedBy.displayName}</td>
                      <td className="td text-muted">
                        {tk.claimedBy?.displayName ?? t('events.tickets.unclaimed')}
                      </td>
                      <td className="td text-muted">{f.dateTime(tk.createdAt)}</td>
                      <td className="td text-right">
                        {tk.status === 'closed' ? (
                          <button
                            type="button"
                            className="btn py-0.5 text-xs"
                            disabled={act.isPending}
                            onClick={() => act.mutate({ id: tk.id, action: 'reopen' })}
                          >
                            {t('events.tickets.reopen')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-danger py-0.5 text-xs"
                            disabled={act.isPending}
                            onClick={() => {
                              if (window.confirm(t('events.tickets.closeConfirm', { number: tk.number })))
                                act.mutate({ id: tk.id, action: 'close' });
                            }}
                          >
                            {t('events.tickets.close')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {pages > 1 && <Pager page={page} pages={pages} onChange={setPage} className="mt-4" />}
          </>
        )}
      </QueryState>
    </Card>
  );
}

function ConfigCard() {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const config = useTicketConfig(cid);
  const refresh = useRefreshEvents(cid);
  const [form, setForm] = useState({ staff: '', category: 'Tickets', log: '' });
  useEffect(() => {
    if (config.data)
      setForm({
        staff: config.data.staffRoleIds.join(', '),
        category: config.data.categoryName,
        log: config.data.logChannelId ?? '',
      });
  }, [config.data]);
  const save = useMutation({
    mutationFn: () => {
      const body: TTicketConfig = {
        staffRoleIds: form.staff
          .split(/[,\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        categoryName: form.category.trim(),
        logChannelId: form.log.trim() || null,
      };
      return api<TTicketConfig>(`${communityPath(cid)}/tickets/config`, { method: 'PUT', body });
    },
    onSuccess: () => refresh(),
  });
  const field = (id: 'staff' | 'category' | 'log', label: string, hint?: string) => (
    <div>
      <label className="label" htmlFor={`ticket-${id}`}>
        {label}
      </label>
      <input
        id={`ticket-${id}`}
        className={`input ${id === 'category' ? '' : 'font-mono'}`}
        value={form[id]}
        onChange={(e) => setForm((s) => ({ ...s, [id]: e.target.value }))}
      />
      {hint && <p className="mt-1 text-xs text-faint">{hint}</p>}
    </div>
  );
  return (
    <Card title={t('events.tickets.config')} subtitle={t('events.tickets.configHint')}>
      <QueryState query={config}>
        {() => (
          <form
            className="space-y-3"
            data-testid="ticket-config"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            {field('staff', t('events.tickets.staffRoles'), t('events.tickets.staffRolesHint'))}
            {field('category', t('events.tickets.category'))}
            {field('log', t('events.tickets.logChannel'), t('events.tickets.logChannelHint'))}
            {save.error && <Notice kind="bad">{(save.error as Error).message}</Notice>}
            {save.isSuccess && <Notice kind="good">{t('events.tickets.saved')}</Notice>}
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t('events.tickets.save')}
            </button>
          </form>
        )}
      </QueryState>
    </Card>
  );
}
