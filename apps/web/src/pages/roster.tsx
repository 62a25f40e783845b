import { createLazyRoute, Link, useNavigate, useSearch } from '@tanstack/react-router';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROSTER_PAGE_SIZE, useRoster } from '../api/queries';
import type { RosterItem } from '../api/types';
import { PageGate, useCommunityView } from '../components/community';
import {
  ClassBadge,
  ClassName,
  Empty,
  ErrorState,
  Loading,
  OnlineDot,
  Pager,
  PageTitle,
  ParseValue,
  Score,
} from '../components/ui';
import { game } from '../i18n/game';
import { useFormat } from '../lib/format';
import { classTokens, roles } from '../lib/wow';
import type { RosterSearch } from '../router';

export const Route = createLazyRoute('/c/$cid/roster')({
  component: () => (
    <PageGate page="roster">
      <RosterPage />
    </PageGate>
  ),
});

/** Columns the roster route sorts on the server. */
const serverSortable = new Set([
  'name',
  'rank',
  'class',
  'role',
  'level',
  'score',
  'itemLevel',
  'bestParse',
  'lastSeen',
]);

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function RosterPage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const search = useSearch({ from: '/c/$cid/roster' }) as RosterSearch;
  const navigate = useNavigate({ from: '/c/$cid/roster' });
  const setSearch = (patch: Partial<RosterSearch>, resetPage = true) =>
    navigate({
      search: (prev: RosterSearch) => {
        const next: Record<string, unknown> = {
          ...prev,
          ...patch,
          ...(resetPage ? { page: undefined } : {}),
        };
        for (const k of Object.keys(next))
          if (next[k] === undefined || next[k] === '' || next[k] === false) delete next[k];
        return next as RosterSearch;
      },
      replace: true,
    });

  // Text inputs update the URL after typing pauses, so each keystroke is not a request.
  const [text, setText] = useState(search.q ?? '');
  const [minScore, setMinScore] = useState(search.minScore ? String(search.minScore) : '');
  const debouncedText = useDebounced(text, 250);
  const debouncedMin = useDebounced(minScore, 350);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typing pauses, not on every URL change
  useEffect(() => {
    if ((search.q ?? '') !== debouncedText.trim()) setSearch({ q: debouncedText.trim() || undefined });
  }, [debouncedText]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typing pauses, not on every URL change
  useEffect(() => {
    const n = Number(debouncedMin);
    const value = debouncedMin && Number.isFinite(n) && n > 0 ? Math.round(n) : undefined;
    if (value !== search.minScore) setSearch({ minScore: value });
  }, [debouncedMin]);

  const roster = useRoster(cid, search);
  const page = search.page ?? 1;
  const total = roster.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / ROSTER_PAGE_SIZE));
  const sorting: SortingState = [{ id: search.sort ?? 'name', desc: (search.dir ?? 'asc') === 'desc' }];

  const columns = useMemo<ColumnDef<RosterItem>[]>(
    () => [
      {
        id: 'name',
        header: t('roster.col.name'),
        cell: ({ row }) => (
          <span className="flex items-center gap-2">
            <OnlineDot online={row.original.online} lastSeen={row.original.lastSeen} />
            <Link
              to="/c/$cid/members/$memberId"
              params={{ cid, memberId: row.original.id }}
              className="hover:underline"
              data-testid="roster-name"
            >
              <ClassName name={row.original.name} cls={row.original.class} />
            </Link>
            {!row.original.active && <span className="chip !py-0 text-[10px]">{t('roster.inactive')}</span>}
          </span>
        ),
      },
      { id: 'rank', header: t('roster.col.rank'), cell: ({ row }) => row.original.rank ?? '—' },
      {
        id: 'class',
        header: t('roster.col.class'),
        cell: ({ row }) => <ClassBadge cls={row.original.class} />,
      },
      {
        id: 'role',
        header: t('roster.col.spec'),
        cell: ({ row }) => (
          <span className="text-muted">
            {[game.spec(row.original.spec), row.original.role ? t(`roles.${row.original.role}`) : null]
              .filter(Boolean)
              .join(' · ') || '—'}
          </span>
        ),
      },
      {
        id: 'level',
        header: t('roster.col.level'),
        meta: { numeric: true },
        cell: ({ row }) => <span className="tabular-nums">{f.int(row.original.level)}</span>,
      },
      {
        id: 'score',
        header: t('roster.col.score'),
        meta: { numeric: true },
        cell: ({ row }) => <Score value={row.original.score} />,
      },
      {
        id: 'itemLevel',
        header: t('roster.col.itemLevel'),
        meta: { numeric: true },
        cell: ({ row }) => <span className="tabular-nums">{f.one(row.original.itemLevel)}</span>,
      },
      {
        id: 'bestParse',
        header: t('roster.col.bestParse'),
        meta: { numeric: true },
        cell: ({ row }) => <ParseValue value={row.original.bestParse} />,
      },
      {
        id: 'lastSeen',
        header: t('roster.col.lastSeen'),
        cell: ({ row }) => (
          <time
            className="text-muted"
            dateTime={row.original.lastSeen ?? undefined}
            title={f.dateTime(row.original.lastSeen)}
          >
            {row.original.lastSeen ? f.ago(row.original.lastSeen) : t('state.never')}
          </time>
        ),
      },
    ],
    [t, f, cid],
  );

  const table = useReactTable({
    data: roster.data?.items ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { sorting },
    getRowId: (r) => r.id,
  });

  const toggleSort = (id: string) => {
    const current = search.sort ?? 'name';
    const dir = current === id ? ((search.dir ?? 'asc') === 'asc' ? 'desc' : 'asc') : defaultDir(id);
    setSearch({ sort: id as RosterSearch['sort'], dir });
  };

  const filtered = Boolean(search.q || search.role || search.class || search.minScore || search.hideInactive);
  const [copied, setCopied] = useState(false);

  return (
    <div className="space-y-4">
      <PageTitle
        aside={
          <span className="text-sm text-muted" data-testid="roster-total">
            {roster.data ? t('roster.count', { count: total, formatted: f.int(total) }) : ''}
          </span>
        }
      >
        {t('roster.title')}
      </PageTitle>
      <form
        className="card grid grid-cols-2 gap-3 p-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="col-span-2 sm:col-span-3 lg:col-span-2">
          <label className="label" htmlFor="roster-q">
            {t('roster.search')}
          </label>
          <input
            id="roster-q"
            className="input"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('roster.search')}
            autoComplete="off"
          />
        </div>
        <div>
          <label className="label" htmlFor="roster-role">
            {t('roster.role')}
          </label>
          <select
            id="roster-role"
            className="input"
            value={search.role ?? ''}
            onChange={(e) => setSearch({ role: (e.target.value || undefined) as RosterSearch['role'] })}
          >
            <option value="">{t('roster.anyRole')}</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="roster-class">
            {t('roster.class')}
          </label>
          <select
            id="roster-class"
            className="input"
            value={search.class ?? ''}
            onChange={(e) => setSearch({ class: e.target.value || undefined })}
          >
            <option value="">{t('roster.anyClass')}</option>
            {classTokens.map((c) => (
              <option key={c} value={c}>
                {t(`classes.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="roster-min">
            {t('roster.minScore')}
          </label>
          <input
            id="roster-min"
            className="input"
            type="number"
            inputMode="numeric"
            min={0}
            max={5000}
            step={100}
            value={minScore}
            onChange={(e) => setMinScore(e.target.value)}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3 lg:pb-1.5">
          <label className="flex cursor-pointer items-center gap-2 text-sm text-text">
            <input
              id="roster-hide-inactive"
              type="checkbox"
              className="size-4 accent-cyan-400"
              checked={search.hideInactive ?? false}
              onChange={(e) => setSearch({ hideInactive: e.target.checked || undefined })}
            />
            {t('roster.hideInactive')}
          </label>
        </div>
        <div className="col-span-2 flex flex-wrap gap-2 sm:col-span-3 lg:col-span-6">
          {filtered && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setText('');
                setMinScore('');
                navigate({ search: {}, replace: true });
              }}
            >
              {t('roster.reset')}
            </button>
          )}
          <button
            type="button"
            className="btn"
            onClick={async () => {
              await navigator.clipboard?.writeText(window.location.href).catch(() => {});
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            }}
          >
            {copied ? t('roster.copied') : t('roster.share')}
          </button>
        </div>
      </form>

      {roster.error ? (
        <ErrorState error={roster.error} onRetry={() => roster.refetch()} />
      ) : roster.isPending ? (
        <div className="card p-4">
          <Loading rows={8} />
        </div>
      ) : total === 0 ? (
        <Empty>{t('roster.empty')}</Empty>
      ) : (
        <div className="card overflow-hidden" aria-busy={roster.isFetching}>
          <div className="overflow-x-auto">
            <table className="w-full" data-testid="roster-table">
              <thead className="border-b border-line bg-raised/60">
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>
                    {hg.headers.map((header) => {
                      const id = header.column.id;
                      const sortable = serverSortable.has(id);
                      const isSorted = (search.sort ?? 'name') === id;
                      const dir = search.dir ?? 'asc';
                      const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)
                        ?.numeric;
                      return (
                        <th
                          key={header.id}
                          className={`th !whitespace-normal ${numeric ? 'text-right' : ''} ${id === 'name' ? 'sticky left-0 z-10 bg-raised' : ''}`}
                          aria-sort={isSorted ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                          scope="col"
                        >
                          {sortable ? (
                            <button
                              type="button"
                              className={`inline-flex items-center gap-1 uppercase hover:text-text ${numeric ? 'text-right' : 'text-left'} ${isSorted ? 'text-accent-strong' : ''}`}
                              onClick={() => toggleSort(id)}
                              data-testid={`sort-${id}`}
                              aria-label={t('roster.sortBy', {
                                column: String(header.column.columnDef.header),
                              })}
                            >
                              {flexRender(header.column.columnDef.header, header.getContext())}
                              <span aria-hidden="true" className="text-[10px]">
                                {isSorted ? (dir === 'asc' ? '▲' : '▼') : '↕'}
                              </span>
                            </button>
                          ) : (
                            flexRender(header.column.columnDef.header, header.getContext())
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody className={roster.isFetching && roster.isPlaceholderData ? 'opacity-60' : ''}>
                {table.getRowModel().rows.map((row) => (
                  <tr
                    key={row.id}
                    className={`border-b border-line/50 transition hover:bg-raised/50 ${row.original.active ? '' : 'opacity-60'}`}
                    data-testid="roster-row"
                  >
                    {row.getVisibleCells().map((cell) => {
                      const numeric = (cell.column.columnDef.meta as { numeric?: boolean } | undefined)
                        ?.numeric;
                      return (
                        <td
                          key={cell.id}
                          className={`td ${numeric ? 'text-right' : ''} ${cell.column.id === 'name' ? 'sticky left-0 bg-surface' : ''}`}
                        >
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={page}
            pages={pages}
            onChange={(n) => setSearch({ page: n > 1 ? n : undefined }, false)}
            className="border-t border-line px-3 py-2"
            testId="roster"
          />
        </div>
      )}
    </div>
  );
}

/** Numbers and dates read best highest / latest first. */
const defaultDir = (id: string): 'asc' | 'desc' =>
  ['score', 'level', 'itemLevel', 'bestParse', 'lastSeen'].includes(id) ? 'desc' : 'asc';
