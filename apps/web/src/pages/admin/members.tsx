import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath, useMe } from '../../api/queries';
import type { CommunityRole } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { Card, Notice, QueryState } from '../../components/ui';

interface Membership {
  userId: string;
  displayName: string;
  role: CommunityRole;
  permissions: Record<string, string>;
}

export function MembersTab() {
  const { t } = useTranslation();
  const { cid, community, role } = useCommunityView();
  const qc = useQueryClient();
  const me = useMe();
  const isOwner = role === 'owner';
  const myId = me.data?.user?.id;
  const [confirming, setConfirming] = useState<string | null>(null);
  // Officers remove members (and step down themselves); owners remove anyone but the last owner.
  const canRemove = (m: Membership) =>
    (role === 'owner' || role === 'officer') && (isOwner || m.role === 'member' || m.userId === myId);
  const remove = useMutation({
    mutationFn: (userId: string) =>
      api(`${communityPath(cid)}/memberships/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    onSuccess: () => {
      setConfirming(null);
      qc.invalidateQueries({ queryKey: ['memberships', cid] });
    },
  });
  const members = useQuery({
    queryKey: ['memberships', cid],
    queryFn: () => api<List<Membership>>(`${communityPath(cid)}/memberships`),
  });
  const update = useMutation({
    mutationFn: (v: { userId: string; role?: CommunityRole; permissions?: Record<string, string | null> }) =>
      api(`${communityPath(cid)}/memberships/${v.userId}`, {
        method: 'PUT',
        body: { role: v.role, permissions: v.permissions },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['memberships', cid] }),
  });
  const modules = community.modules;
  return (
    <Card title={t('admin.members.title')} subtitle={isOwner ? undefined : t('admin.members.ownerOnly')}>
      <QueryState query={members} isEmpty={(d) => d.items.length === 0} empty={t('admin.members.empty')}>
        {(d) => (
          <div className="-mx-4 overflow-x-auto sm:-mx-5">
            <table className="w-full" data-testid="memberships">
              <thead className="border-b border-line">
                <tr>
                  <th className="th">{t('admin.members.user')}</th>
                  <th className="th">{t('admin.members.role')}</th>
                  {modules.map((m) => (
                    <th key={m} className="th">
                      {t(`admin.members.modules.${m}`, { defaultValue: m })}
                    </th>
                  ))}
                  <th className="th">
                    <span className="sr-only">{t('admin.members.remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((m) => (
                  <tr key={m.userId} className="border-b border-line/50">
                    <td className="td font-medium">{m.displayName}</td>
                    <td className="td">
                      <select
                        aria-label={`${t('admin.members.role')}: ${m.displayName}`}
                        className="input w-auto"
                        disabled={!isOwner || update.isPending}
                        value={m.role}
                        onChange={(e) =>
                          update.mutate({ userId: m.userId, role: e.target.value as CommunityRole })
                        }
                      >
                        {(['owner', 'officer', 'member'] as const).map((r) => (
                          <option key={r} value={r}>
                            {t(`app.role.${r}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    {modules.map((mod) => (
                      <td key={mod} className="td">
                        <select
                          aria-label={`${t(`admin.members.modules.${mod}`, { defaultValue: mod })}: ${m.displayName}`}
                          className="input w-auto"
                          disabled={!isOwner || m.role !== 'member' || update.isPending}
                          value={m.permissions[mod] ?? ''}
                          onChange={(e) =>
                            update.mutate({
                              userId: m.userId,
                              permissions: { [mod]: e.target.value || null },
                            })
                          }
                        >
                          <option value="">{t('admin.members.level.none')}</option>
                          <option value="view">{t('admin.members.level.view')}</option>
                          <option value="manage">{t('admin.members.level.manage')}</option>
                        </select>
                      </td>
                    ))}
                    <td className="td text-right">
                      {canRemove(m) && (
                        <button
                          type="button"
                          className={confirming === m.userId ? 'btn btn-danger' : 'btn'}
                          disabled={remove.isPending}
                          aria-label={`${t(confirming === m.userId ? 'admin.members.confirmRemove' : 'admin.members.remove')}: ${m.displayName}`}
                          onClick={() =>
                            confirming === m.userId ? remove.mutate(m.userId) : setConfirming(m.userId)
                          }
                        >
                          {t(
                            confirming === m.userId ? 'admin.members.confirmRemove' : 'admin.members.remove',
                          )}
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
      {(update.error ?? remove.error) && (
        <div className="mt-3">
          <Notice kind="bad">{((update.error ?? remove.error) as Error).message}</Notice>
        </div>
      )}
      {remove.isSuccess && (
        <div className="mt-3">
          <Notice kind="good">{t('admin.members.removed')}</Notice>
        </div>
      )}
      {update.isSuccess && (
        <div className="mt-3">
          <Notice kind="good">{t('admin.members.saved')}</Notice>
        </div>
      )}
    </Card>
  );
}

interface UserAccount {
  id: string;
  displayName: string;
  isInstanceOwner: boolean;
  deactivatedAt: string | null;
}

/** The installation's owner switches users off (every session ends, no sign-in works) and on. */
export function InstallationUsers() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const users = useQuery({
    queryKey: ['admin-users'],
    queryFn: () => api<List<UserAccount>>('/api/v1/admin/users'),
  });
  const toggle = useMutation({
    mutationFn: (v: { id: string; active: boolean }) =>
      api<UserAccount>(
        `/api/v1/admin/users/${encodeURIComponent(v.id)}/${v.active ? 'reactivate' : 'deactivate'}`,
        {
          method: 'POST',
        },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin-users'] }),
  });
  return (
    <Card title={t('admin.users.title')} subtitle={t('admin.users.hint')}>
      <QueryState query={users} isEmpty={(d) => d.items.length === 0} empty={t('admin.users.empty')}>
        {(d) => (
          <div className="-mx-4 overflow-x-auto sm:-mx-5">
            <table className="w-full" data-testid="installation-users">
              <thead className="border-b border-line">
                <tr>
                  <th className="th">{t('admin.members.user')}</th>
                  <th className="th">{t('admin.users.status')}</th>
                  <th className="th">
                    <span className="sr-only">{t('admin.users.action')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((u) => (
                  <tr key={u.id} className="border-b border-line/50">
                    <td className="td font-medium">{u.displayName}</td>
                    <td className="td">
                      {u.isInstanceOwner
                        ? t('admin.users.installationOwner')
                        : u.deactivatedAt
                          ? t('admin.users.deactivated')
                          : t('admin.users.active')}
                    </td>
                    <td className="td text-right">
                      {!u.isInstanceOwner && (
                        <button
                          type="button"
                          className={u.deactivatedAt ? 'btn' : 'btn btn-danger'}
                          disabled={toggle.isPending}
                          aria-label={`${t(u.deactivatedAt ? 'admin.users.reactivate' : 'admin.users.deactivate')}: ${u.displayName}`}
                          onClick={() => toggle.mutate({ id: u.id, active: !!u.deactivatedAt })}
                        >
                          {t(u.deactivatedAt ? 'admin.users.reactivate' : 'admin.users.deactivate')}
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
      {toggle.error && (
        <div className="mt-3">
          <Notice kind="bad">{(toggle.error as Error).message}</Notice>
        </div>
      )}
    </Card>
  );
}
