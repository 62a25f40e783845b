import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { ApiKey, Recorder } from '../../api/types';
import { useCommunityView } from '../../components/community';
import { Card, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';

/**
 * Recorder health: each PC that uploads (its addon `_sync` identity, or its API key and file),
 * its addon role, when it last recorded and synced, what is not merged yet, and — in plain
 * words — why its last upload stored less than it carried.
 */
export function RecordersTab() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const recorders = useQuery({
    queryKey: ['recorders', cid],
    queryFn: () => api<List<Recorder>>(`${communityPath(cid)}/wow/recorders`),
  });
  const keys = useQuery({
    queryKey: ['api-keys', cid],
    queryFn: () => api<List<ApiKey>>(`${communityPath(cid)}/api-keys`),
  });
  const keyName = new Map((keys.data?.items ?? []).map((k) => [k.id, k.name]));
  const when = (at: string | null) =>
    at ? <time title={f.dateTime(at)}>{f.ago(at)}</time> : t('state.never');

  return (
    <Card title={t('admin.recorders.title')} subtitle={t('admin.recorders.hint')}>
      <QueryState query={recorders} isEmpty={(d) => d.items.length === 0} empty={t('admin.recorders.empty')}>
        {(d) => (
          <div className="-mx-4 overflow-x-auto sm:-mx-5">
            <table className="w-full" data-testid="recorders">
              <thead className="border-b border-line">
                <tr>
                  <th className="th">{t('admin.recorders.pc')}</th>
                  <th className="th">{t('admin.recorders.key')}</th>
                  <th className="th">{t('admin.recorders.role')}</th>
                  <th className="th">{t('admin.recorders.lastRecorded')}</th>
                  <th className="th">{t('admin.recorders.lastSynced')}</th>
                  <th className="th">{t('admin.recorders.pending')}</th>
                  <th className="th">{t('admin.recorders.lastUpload')}</th>
                  <th className="th">{t('admin.recorders.status')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((r) => (
                  <tr key={r.id} className="border-b border-line/50 align-top" data-testid="recorder-row">
                    <td className="td">
                      <span className="font-medium">
                        {r.source === 'legacy bridge' ? t('admin.recorders.legacy') : (r.source ?? '—')}
                      </span>
                      {r.clientId && <span className="block font-mono text-xs text-muted">{r.clientId}</span>}
                    </td>
                    <td className="td text-muted">{(r.apiKeyId && keyName.get(r.apiKeyId)) ?? '—'}</td>
                    <td className="td">
                      <span className="chip">{r.role ?? t('admin.recorders.unknownRole')}</span>
                      {r.recording !== null && (
                        <span className={`block text-xs ${r.recording ? 'text-good' : 'text-warn'}`}>
                          {r.recording ? t('admin.recorders.recording') : t('admin.recorders.notRecording')}
                        </span>
                      )}
                    </td>
                    <td className="td text-muted">{when(r.lastRecordedAt)}</td>
                    <td className="td text-muted">{when(r.lastSyncedAt)}</td>
                    <td className="td text-muted tabular-nums">
                      {t('admin.recorders.pendingValue', {
                        messages: f.int(r.pendingMessages),
                        snapshots: f.int(r.pendingSnapshots),
                      })}
                    </td>
                    <td className="td text-muted">{when(r.lastUploadAt)}</td>
                    <td className="td text-sm">
                      {r.lastReasons.length === 0 ? (
                        <span className="text-good">{t('admin.recorders.ok')}</span>
                      ) : (
                        <ul className="space-y-1" data-testid="recorder-reasons">
                          {r.lastReasons.map((reason) => (
                            <li key={reason} data-reason={reason} className="text-warn">
                              {t(`admin.recorders.reasons.${reason}`)}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </Card>
  );
}
