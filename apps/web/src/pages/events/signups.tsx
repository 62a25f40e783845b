import type { TEvent, TSignup } from '@guildhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCommunityView } from '../../components/community';
import { Card, Empty, Notice, QueryState } from '../../components/ui';
import { eventPath, useRefreshEvents, useSignups } from './queries';

/** Who holds a seat, in seat order, and who waits, in waitlist order. */
export function SignupsCard({ event }: { event: TEvent }) {
  const { t } = useTranslation();
  const { cid, isOfficer } = useCommunityView();
  const signups = useSignups(cid, event.id);
  const refresh = useRefreshEvents(cid);
  const withdraw = useMutation({
    mutationFn: (s: TSignup) =>
      api(`${eventPath(cid, event.id)}/signups/${encodeURIComponent(s.discordUserId)}`, { method: 'DELETE' }),
    onSuccess: () => refresh(),
  });
  const table = (rows: TSignup[], kind: 'confirmed' | 'waitlist') => (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full" data-testid={`signups-${kind}`}>
        <thead className="border-b border-line">
          <tr>
            <th className="th w-16 text-right">
              {kind === 'confirmed' ? t('events.signups.seat') : t('events.signups.place')}
            </th>
            <th className="th">{t('events.signups.name')}</th>
            <th className="th hidden sm:table-cell">{t('events.signups.role')}</th>
            <th className="th hidden sm:table-cell">{t('events.signups.klass')}</th>
            {isOfficer && <th className="th" />}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.discordUserId} className="border-b border-line/50" data-testid="signup-row">
              <td className="td text-right tabular-nums" data-testid="signup-position">
                {s.position}
              </td>
              <td className="td font-medium" data-testid="signup-name">
                {s.displayName}
              </td>
              <td className="td hidden text-muted sm:table-cell">
                {s.role ? t(`roles.${s.role}`, { defaultValue: s.role }) : '—'}
              </td>
              <td className="td hidden text-muted sm:table-cell">{s.class ?? '—'}</td>
              {isOfficer && (
                <td className="td text-right">
                  <button
                    type="button"
                    className="btn btn-danger py-0.5 text-xs"
                    disabled={withdraw.isPending}
                    data-testid="withdraw-signup"
                    onClick={() => {
                      if (window.confirm(t('events.signups.withdrawConfirm', { name: s.displayName })))
                        withdraw.mutate(s);
                    }}
                  >
                    {t('events.signups.withdraw')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <Card title={t('events.signups.title')}>
      <QueryState query={signups}>
        {(data) => {
          const confirmed = data.items
            .filter((s) => s.status === 'confirmed')
            .sort((a, b) => a.position - b.position);
          const waiting = data.items
            .filter((s) => s.status === 'waitlisted')
            .sort((a, b) => a.position - b.position);
          const pct = event.capacity > 0 ? Math.min(100, (confirmed.length / event.capacity) * 100) : 0;
          return (
            <div className="space-y-4">
              <div>
                <p className="text-sm text-muted" data-testid="signups-summary">
                  {t('events.signups.summary', {
                    confirmed: confirmed.length,
                    capacity: event.capacity,
                    waiting: waiting.length,
                  })}
                </p>
                <div className="mt-1 h-2 overflow-hidden rounded-full bg-raised" aria-hidden="true">
                  <div className="h-full rounded-full bg-accent" style={{ width: `${pct}%` }} />
                </div>
              </div>
              {withdraw.error && <Notice kind="bad">{(withdraw.error as Error).message}</Notice>}
              <section>
                <h3 className="label">{t('events.signups.confirmed')}</h3>
                {confirmed.length ? table(confirmed, 'confirmed') : <Empty>{t('events.signups.none')}</Empty>}
              </section>
              <section>
                <h3 className="label">{t('events.signups.waitlist')}</h3>
                {waiting.length ? (
                  table(waiting, 'waitlist')
                ) : (
                  <Empty>{t('events.signups.noWaitlist')}</Empty>
                )}
              </section>
            </div>
          );
        }}
      </QueryState>
    </Card>
  );
}
