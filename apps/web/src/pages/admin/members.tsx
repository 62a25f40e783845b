import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
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
  const isOwner = role === 'owner';
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
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {update.error && (
        <div className="mt-3">
          <Notice kind="bad">{(update.error as Error).message}</Notice>
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
