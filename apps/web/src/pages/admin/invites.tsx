import type { TInvite, TInviteCreated } from '@guildhall/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import { useCommunityView } from '../../components/community';
import { ShownOnce } from '../../components/copy';
import { Card, ErrorState, Notice, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';

const durations = [1, 24, 24 * 7, 24 * 30] as const;

const stateChip: Record<TInvite['state'], string> = {
  open: '!border-good/40 !text-good',
  used: '',
  expired: '!text-faint',
  revoked: '!border-bad/40 !text-bad',
};

/** Invite links: single use, expiring; made here, listed with who used them, withdrawn at once. */
export function InvitesTab() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const qc = useQueryClient();
  const invites = useQuery({
    queryKey: ['invites', cid],
    queryFn: () => api<List<TInvite>>(`${communityPath(cid)}/invites`),
  });
  const [role, setRole] = useState<'member' | 'officer'>('member');
  const [hours, setHours] = useState<number>(24 * 7);
  const [created, setCreated] = useState<TInviteCreated | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api<TInviteCreated>(`${communityPath(cid)}/invites`, {
        method: 'POST',
        body: { role, expiresInHours: hours },
      }),
    onSuccess: (row) => {
      setCreated(row);
      void qc.invalidateQueries({ queryKey: ['invites', cid] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<TInvite>(`${communityPath(cid)}/invites/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['invites', cid] }),
  });

  return (
    <div className="space-y-5">
      <Card title={t('admin.invites.title')} subtitle={t('admin.invites.hint')}>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <div>
            <label className="label" htmlFor="invite-role">
              {t('admin.invites.role')}
            </label>
            <select
              id="invite-role"
              className="input"
              value={role}
              onChange={(e) => setRole(e.target.value as 'member' | 'officer')}
            >
              <option value="member">{t('app.role.member')}</option>
              <option value="officer">{t('app.role.officer')}</option>
            </select>
          </div>
          <div>
            <label className="label" htmlFor="invite-expiry">
              {t('admin.invites.expiresIn')}
            </label>
            <select
              id="invite-expiry"
              className="input"
              value={hours}
              onChange={(e) => setHours(Number(e.target.value))}
            >
              {durations.map((h) => (
                <option key={h} value={h}>
                  {t(`admin.invites.duration.${h}`)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.isPending}
            data-testid="create-invite"
          >
            {t('admin.invites.create')}
          </button>
        </form>
        {create.error && (
          <div className="mt-3">
            <ErrorState error={create.error} />
          </div>
        )}
        {created && (
          <ShownOnce
            testId="new-invite"
            valueTestId="new-invite-url"
            title={t('admin.invites.createdTitle', { role: t(`app.role.${created.role}`) })}
            hint={t('admin.invites.createdHint', { when: f.dateTime(created.expiresAt) })}
            value={created.url}
            onDone={() => setCreated(null)}
          />
        )}
      </Card>
      <Card>
        <QueryState query={invites} isEmpty={(d) => d.items.length === 0} empty={t('admin.invites.empty')}>
          {(d) => (
            <div className="-mx-4 overflow-x-auto sm:-mx-5">
              <table className="w-full" data-testid="invites">
                <thead className="border-b border-line">
                  <tr>
                    <th className="th">{t('admin.invites.role')}</th>
                    <th className="th">{t('admin.invites.status')}</th>
                    <th className="th">{t('admin.invites.createdBy')}</th>
                    <th className="th">{t('admin.invites.expires')}</th>
                    <th className="th">{t('admin.invites.usedBy')}</th>
                    <th className="th" />
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((i) => (
                    <tr
                      key={i.id}
                      className="border-b border-line/50"
                      data-testid="invite-row"
                      data-state={i.state}
                    >
                      <td className="td font-medium">{t(`app.role.${i.role}`)}</td>
                      <td className="td">
                        <span className={`chip ${stateChip[i.state]}`}>
                          {t(`admin.invites.states.${i.state}`)}
                        </span>
                      </td>
                      <td className="td text-muted">
                        {i.createdBy} · {f.dateTime(i.createdAt)}
                      </td>
                      <td className="td text-muted">{f.dateTime(i.expiresAt)}</td>
                      <td className="td text-muted">
                        {i.usedBy ? `${i.usedBy} · ${f.dateTime(i.usedAt!)}` : t('state.unknown')}
                      </td>
                      <td className="td text-right">
                        {i.state === 'open' && (
                          <button
                            type="button"
                            className="btn btn-danger"
                            data-testid="revoke-invite"
                            disabled={revoke.isPending}
                            onClick={() => {
                              if (window.confirm(t('admin.invites.revokeConfirm'))) revoke.mutate(i.id);
                            }}
                          >
                            {t('admin.invites.revoke')}
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
