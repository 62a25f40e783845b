import type { TEvent, TEventResults, TResultEntry, TResultRow } from '@guildhall/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCommunityView } from '../../components/community';
import { Card, Notice, QueryState } from '../../components/ui';
import { eventPath, useRefreshEvents, useResults, useSignups } from './queries';

const statuses = ['finished', 'dnf', 'dsq', 'dns'] as const;
type Status = (typeof statuses)[number];

interface Line {
  key: number;
  discordUserId: string;
  displayName: string;
  status: Status;
  position: string;
  laps: string;
  bestLap: string;
  fastestLap: boolean;
  penaltySeconds: string;
  penaltyPoints: string;
}

/** 102315 → "1:42.315". */
export function lapText(ms: number | null): string {
  if (ms === null) return '';
  const m = Math.floor(ms / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return `${m}:${s}`;
}

/** "1:42.315" or "42.315" → ms; '' → null; anything else → undefined. */
export function lapMs(text: string): number | null | undefined {
  const s = text.trim();
  if (!s) return null;
  const m = /^(?:(\d+):)?(\d{1,2}(?:\.\d{1,3})?)$/.exec(s);
  if (!m) return undefined;
  return Math.round((Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000);
}

let nextKey = 1;
const lineOf = (r: Partial<TResultRow> & { discordUserId: string; displayName: string }): Line => ({
  key: nextKey++,
  discordUserId: r.discordUserId,
  displayName: r.displayName,
  status: r.status ?? 'finished',
  position: r.position == null ? '' : String(r.position),
  laps: r.laps == null ? '' : String(r.laps),
  bestLap: lapText(r.bestLapMs ?? null),
  fastestLap: r.fastestLap ?? false,
  penaltySeconds: r.penaltySeconds ? String(r.penaltySeconds) : '',
  penaltyPoints: r.penaltyPoints ? String(r.penaltyPoints) : '',
});

/** The result sheet of an event in a championship: a table editor and a CSV import. */
export function ResultsCard({ event }: { event: TEvent }) {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const results = useResults(cid, event.id);
  // Results belong to races and championships: a raid night has none to enter.
  if (!event.racing && !results.data?.championshipId) return null;
  return (
    <Card title={t('events.results.title')} subtitle={t('events.results.hint')}>
      <QueryState query={results}>
        {(data) =>
          data.championshipId ? (
            <ResultsEditor event={event} data={data} />
          ) : (
            <p className="text-sm text-muted" data-testid="results-no-championship">
              {t('events.results.notInChampionship')}
            </p>
          )
        }
      </QueryState>
    </Card>
  );
}

function ResultsEditor({ event, data }: { event: TEvent; data: TEventResults }) {
  const { t } = useTranslation();
  const { cid, isOfficer } = useCommunityView();
  const qc = useQueryClient();
  const refresh = useRefreshEvents(cid);
  const signups = useSignups(cid, event.id);
  const [lines, setLines] = useState<Line[]>(() => data.results.map(lineOf));
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setLines(data.results.map(lineOf)), [data]);
  const saved = new Map(data.results.map((r) => [r.discordUserId, r]));

  const onSaved = (fresh: TEventResults, message: string) => {
    qc.setQueryData(['event-results', cid, event.id], fresh);
    void refresh();
    setDone(message);
  };
  const save = useMutation({
    mutationFn: (results: TResultEntry[]) =>
      api<TEventResults>(`${eventPath(cid, event.id)}/results`, { method: 'PUT', body: { results } }),
    onSuccess: (fresh) => onSaved(fresh, t('events.results.saved')),
  });
  const importCsv = useMutation({
    mutationFn: (csv: string) =>
      api<TEventResults>(`${eventPath(cid, event.id)}/results/import`, { method: 'POST', body: { csv } }),
    onSuccess: (fresh) => onSaved(fresh, t('events.results.imported')),
  });

  const submit = () => {
    setProblem(null);
    setDone(null);
    const out: TResultEntry[] = [];
    for (const l of lines) {
      const best = lapMs(l.bestLap);
      if (best === undefined) {
        setProblem(`${l.displayName}: ${t('events.results.badLap')}`);
        return;
      }
      const int = (s: string) => (s.trim() === '' ? null : Number(s));
      out.push({
        discordUserId: l.discordUserId.trim(),
        displayName: l.displayName.trim(),
        status: l.status,
        position: l.status === 'dsq' || l.status === 'dns' ? null : int(l.position),
        laps: int(l.laps),
        bestLapMs: best,
        fastestLap: l.fastestLap,
        penaltySeconds: Number(l.penaltySeconds || 0),
        penaltyPoints: Number(l.penaltyPoints || 0),
      });
    }
    save.mutate(out);
  };

  const edit = (key: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const cell = (
    l: Line,
    k: 'position' | 'laps' | 'penaltySeconds' | 'penaltyPoints' | 'bestLap',
    w: string,
  ) => (
    <input
      className={`input px-2 py-1 tabular-nums ${w}`}
      value={l[k]}
      disabled={!isOfficer}
      aria-label={`${l.displayName}: ${t(`events.results.${k === 'bestLap' ? 'bestLap' : k}`)}`}
      inputMode={k === 'bestLap' ? 'text' : 'numeric'}
      onChange={(e) => edit(l.key, { [k]: e.target.value })}
    />
  );
  const error = save.error ?? importCsv.error;
  return (
    <div className="space-y-3">
      <div className="-mx-4 overflow-x-auto sm:-mx-5">
        <table className="w-full min-w-[960px]" data-testid="results-table">
          <thead className="border-b border-line">
            <tr>
              <th className="th">{t('events.results.driver')}</th>
              <th className="th">{t('events.results.discordId')}</th>
              <th className="th">{t('events.results.status')}</th>
              <th className="th">{t('events.results.position')}</th>
              <th className="th">{t('events.results.laps')}</th>
              <th className="th">{t('events.results.bestLap')}</th>
              <th className="th">{t('events.results.fastestLap')}</th>
              <th className="th">{t('events.results.penaltySeconds')}</th>
              <th className="th">{t('events.results.penaltyPoints')}</th>
              <th className="th text-right">{t('events.results.classified')}</th>
              <th className="th text-right">{t('events.results.points')}</th>
              {isOfficer && <th className="th" />}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const s = saved.get(l.discordUserId);
              return (
                <tr key={l.key} className="border-b border-line/50" data-testid="result-row">
                  <td className="td">
                    <input
                      className="input w-36 px-2 py-1"
                      value={l.displayName}
                      disabled={!isOfficer}
                      aria-label={t('events.results.driver')}
                      onChange={(e) => edit(l.key, { displayName: e.target.value })}
                    />
                  </td>
                  <td className="td">
                    <input
                      className="input w-44 px-2 py-1 font-mono text-xs"
                      value={l.discordUserId}
                      disabled={!isOfficer}
                      aria-label={t('events.results.discordId')}
                      onChange={(e) => edit(l.key, { discordUserId: e.target.value })}
                    />
                  </td>
                  <td className="td">
                    <select
                      className="input w-24 px-2 py-1"
                      value={l.status}
                      disabled={!isOfficer}
                      aria-label={t('events.results.status')}
                      onChange={(e) => edit(l.key, { status: e.target.value as Status })}
                    >
                      {statuses.map((st) => (
                        <option key={st} value={st}>
                          {t(`events.results.statuses.${st}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="td">{cell(l, 'position', 'w-16')}</td>
                  <td className="td">{cell(l, 'laps', 'w-16')}</td>
                  <td className="td">{cell(l, 'bestLap', 'w-28')}</td>
                  <td className="td text-center">
                    <input
                      type="checkbox"
                      checked={l.fastestLap}
                      disabled={!isOfficer}
                      aria-label={`${l.displayName}: ${t('events.results.fastestLap')}`}
                      onChange={(e) => edit(l.key, { fastestLap: e.target.checked })}
                    />
                  </td>
                  <td className="td">{cell(l, 'penaltySeconds', 'w-16')}</td>
                  <td className="td">{cell(l, 'penaltyPoints', 'w-16')}</td>
                  <td className="td text-right tabular-nums">{s?.classifiedPosition ?? '—'}</td>
                  <td className="td text-right font-semibold tabular-nums">{s?.points ?? '—'}</td>
                  {isOfficer && (
                    <td className="td">
                      <button
                        type="button"
                        className="btn py-0.5 text-xs"
                        onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
                      >
                        {t('events.results.removeRow')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {problem && <Notice kind="bad">{problem}</Notice>}
      {error && <Notice kind="bad">{(error as Error).message}</Notice>}
      {done && !error && <Notice kind="good">{done}</Notice>}
      {isOfficer && (
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            className="btn"
            onClick={() => setLines((ls) => [...ls, lineOf({ discordUserId: '', displayName: '' })])}
          >
            {t('events.results.addRow')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!signups.data}
            onClick={() => {
              const have = new Set(lines.map((l) => l.discordUserId));
              const fresh = (signups.data?.items ?? [])
                .filter((s) => s.status === 'confirmed' && !have.has(s.discordUserId))
                .map((s) => lineOf({ discordUserId: s.discordUserId, displayName: s.displayName }));
              setLines((ls) => [...ls, ...fresh]);
            }}
          >
            {t('events.results.fromSignups')}
          </button>
          <button type="button" className="btn btn-primary" disabled={save.isPending} onClick={submit}>
            {t('events.results.save')}
          </button>
          <label className="btn cursor-pointer">
            {t('events.results.importCsv')}
            <input
              type="file"
              accept=".csv,text/csv"
              className="sr-only"
              data-testid="results-csv"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) importCsv.mutate(await file.text());
              }}
            />
          </label>
          <span className="text-xs text-faint">{t('events.results.importHint')}</span>
        </div>
      )}
    </div>
  );
}
