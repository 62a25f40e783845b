import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { PurgePreview } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { Card, ClassName, Notice, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';

/** The Purge: a dry run first, then removal only after the community's name is typed. */
export function PurgeTab() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const qc = useQueryClient();
  const preview = useQuery({
    queryKey: ['purge', cid],
    queryFn: () => api<PurgePreview>(`${communityPath(cid)}/dashboard/purge`),
  });
  const [typed, setTyped] = useState('');
  const purge = useMutation({
    mutationFn: (ids: string[]) =>
      api<{ removed: number; characters: number }>(`${communityPath(cid)}/dashboard/purge`, {
        method: 'POST',
        body: { confirm: typed, memberIds: ids },
      }),
    onSuccess: () => {
      setTyped('');
      void qc.invalidateQueries({ queryKey: ['purge', cid] });
      void qc.invalidateQueries({ queryKey: ['roster', cid] });
      void qc.invalidateQueries({ queryKey: ['kpis', cid] });
    },
  });
  return (
    <Card title={t('admin.purge.title')} subtitle={t('admin.purge.hint', { days: community.inactivityDays })}>
      {purge.isSuccess && (
        <div className="mb-4">
          <Notice kind="good">{t('admin.purge.removed', { count: purge.data.removed })}</Notice>
        </div>
      )}
      <QueryState
        query={preview}
        rows={5}
        isEmpty={(d) => d.members.length === 0}
        empty={t('admin.purge.empty')}
      >
        {(d) => (
          <div className="space-y-4" data-testid="purge-preview">
            <p className="rounded-lg border border-warn/40 bg-warn/5 px-3 py-2 text-sm text-warn">
              <strong>{t('admin.purge.dryRun')}:</strong>{' '}
              {t('admin.purge.wouldRemove', { members: d.members.length, characters: d.characters })}
            </p>
            <div className="max-h-96 overflow-y-auto rounded-lg border border-line">
              <table className="w-full">
                <thead className="sticky top-0 border-b border-line bg-raised">
                  <tr>
                    <th className="th">{t('roster.col.name')}</th>
                    <th className="th">{t('roster.col.lastSeen')}</th>
                    <th className="th text-right">{t('profile.characters')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.members.map((m) => (
                    <tr key={m.id} className="border-b border-line/50" data-testid="purge-row">
                      <td className="td">
                        <ClassName name={m.name} cls={m.class} />
                      </td>
                      <td className="td text-muted">{f.date(m.lastSeen)}</td>
                      <td className="td text-right tabular-nums">{m.characters}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <form
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                if (typed === community.name) purge.mutate(d.members.map((m) => m.id));
              }}
            >
              <div className="min-w-60 flex-1">
                <label className="label !normal-case" htmlFor="purge-confirm">
                  {t('admin.purge.confirmLabel', { word: community.name })}
                </label>
                <input
                  id="purge-confirm"
                  className="input"
                  autoComplete="off"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                />
              </div>
              <button
                type="submit"
                className="btn btn-danger"
                disabled={typed !== community.name || purge.isPending}
                data-testid="purge-confirm-button"
              >
                {t('admin.purge.remove', { count: d.members.length })}
              </button>
            </form>
            {purge.error && <Notice kind="bad">{(purge.error as Error).message}</Notice>}
          </div>
        )}
      </QueryState>
    </Card>
  );
}
