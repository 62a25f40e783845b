import type { TCatalogueList, TTrack, TVehicle } from '@guildhall/contracts';
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { communityPath } from '../../api/queries';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, Notice, PageTitle, QueryState, Tabs } from '../../components/ui';
import { EventsTabs } from './common';
import { useCatalogueLists, useRefreshEvents, useTracks, useVehicles } from './queries';

export const Route = createLazyRoute('/c/$cid/events/catalogue')({
  component: () => (
    <PageGate page="events">
      <CataloguePage />
    </PageGate>
  ),
});

type Tab = 'tracks' | 'vehicles' | 'lists';

function CataloguePage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('tracks');
  return (
    <div className="space-y-5">
      <PageTitle>{t('events.tabs.catalogue')}</PageTitle>
      <EventsTabs current="catalogue" />
      <Tabs
        label={t('events.tabs.catalogue')}
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'tracks', label: t('events.catalogue.tracks') },
          { id: 'vehicles', label: t('events.catalogue.vehicles') },
          { id: 'lists', label: t('events.catalogue.lists') },
        ]}
      />
      {tab === 'tracks' && <Items kind="tracks" />}
      {tab === 'vehicles' && <Items kind="vehicles" />}
      {tab === 'lists' && <Lists />}
    </div>
  );
}

type Kind = 'tracks' | 'vehicles';
type Item = TTrack | TVehicle;
const fieldsOf: Record<Kind, readonly ('name' | 'country' | 'layout' | 'lengthKm' | 'category')[]> = {
  tracks: ['name', 'country', 'layout', 'lengthKm'],
  vehicles: ['name', 'category'],
};
const labelOf = {
  name: 'events.catalogue.name',
  country: 'events.catalogue.country',
  layout: 'events.catalogue.layout',
  lengthKm: 'events.catalogue.length',
  category: 'events.catalogue.category',
} as const;

type Draft = Record<string, string>;
const draftOf = (item: Item | null, kind: Kind): Draft =>
  Object.fromEntries(
    fieldsOf[kind].map((k) => {
      const v = item ? (item as unknown as Record<string, unknown>)[k] : '';
      return [k, v === null || v === undefined ? '' : String(v)];
    }),
  );
const bodyOf = (d: Draft, kind: Kind) =>
  kind === 'tracks'
    ? {
        name: d.name ?? '',
        country: d.country ?? '',
        layout: d.layout ?? '',
        lengthKm: d.lengthKm ? Number(d.lengthKm) : null,
      }
    : { name: d.name ?? '', category: d.category ?? '' };

/** Tracks or vehicles: search, add, edit in place, delete. */
function Items({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const { cid, isOfficer } = useCommunityView();
  const [q, setQ] = useState('');
  const tracks = useTracks(cid, kind === 'tracks' ? q : '');
  const vehicles = useVehicles(cid, kind === 'vehicles' ? q : '');
  const query: {
    data: { items: Item[] } | undefined;
    isPending: boolean;
    error: unknown;
    refetch: () => unknown;
  } = kind === 'tracks' ? tracks : vehicles;
  const refresh = useRefreshEvents(cid);
  const [draft, setDraft] = useState<Draft>(() => draftOf(null, kind));
  const [editing, setEditing] = useState<{ id: string; draft: Draft } | null>(null);
  const base = `${communityPath(cid)}/catalogue/${kind}`;
  const write = useMutation({
    mutationFn: (w: { method: 'POST' | 'PATCH' | 'DELETE'; id?: string; body?: unknown }) =>
      api(w.id ? `${base}/${w.id}` : base, { method: w.method, body: w.body }),
    onSuccess: (_r, w) => {
      if (w.method === 'POST') setDraft(draftOf(null, kind));
      setEditing(null);
      void refresh();
    },
  });
  const cols = fieldsOf[kind];
  return (
    <Card
      title={t(`events.catalogue.${kind}`)}
      actions={
        <input
          className="input w-48"
          type="search"
          placeholder={t('events.catalogue.search')}
          aria-label={t('events.catalogue.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      }
    >
      {isOfficer && (
        <form
          className="mb-4 grid gap-2 sm:grid-cols-[repeat(4,1fr)_auto] sm:items-end"
          data-testid={`add-${kind}`}
          onSubmit={(e) => {
            e.preventDefault();
            write.mutate({ method: 'POST', body: bodyOf(draft, kind) });
          }}
        >
          {cols.map((k) => (
            <div key={k}>
              <label className="label" htmlFor={`${kind}-new-${k}`}>
                {t(labelOf[k])}
              </label>
              <input
                id={`${kind}-new-${k}`}
                className="input"
                required={k === 'name'}
                inputMode={k === 'lengthKm' ? 'decimal' : undefined}
                value={draft[k] ?? ''}
                onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
              />
            </div>
          ))}
          <button type="submit" className="btn btn-primary" disabled={write.isPending}>
            {t('events.catalogue.add')}
          </button>
        </form>
      )}
      {write.error && <Notice kind="bad">{(write.error as Error).message}</Notice>}
      <QueryState
        query={query}
        isEmpty={(d) => d.items.length === 0}
        empty={kind === 'tracks' ? t('events.catalogue.noTracks') : t('events.catalogue.noVehicles')}
      >
        {(d) => (
          <div className="-mx-4 overflow-x-auto sm:-mx-5">
            <table className="w-full min-w-[520px]" data-testid={`catalogue-${kind}`}>
              <thead className="border-b border-line">
                <tr>
                  {cols.map((k) => (
                    <th key={k} className="th">
                      {t(labelOf[k])}
                    </th>
                  ))}
                  {isOfficer && <th className="th" />}
                </tr>
              </thead>
              <tbody>
                {(d.items as Item[]).map((item) => {
                  const on = editing?.id === item.id;
                  return (
                    <tr key={item.id} className="border-b border-line/50">
                      {cols.map((k) => (
                        <td key={k} className={`td ${k === 'name' ? 'font-medium' : 'text-muted'}`}>
                          {on ? (
                            <input
                              className="input px-2 py-1"
                              aria-label={t(labelOf[k])}
                              value={editing.draft[k] ?? ''}
                              onChange={(e) =>
                                setEditing({ id: item.id, draft: { ...editing.draft, [k]: e.target.value } })
                              }
                            />
                          ) : (
                            (draftOf(item, kind)[k] ?? '') || '—'
                          )}
                        </td>
                      ))}
                      {isOfficer && (
                        <td className="td text-right">
                          <div className="flex justify-end gap-1">
                            {on ? (
                              <>
                                <button
                                  type="button"
                                  className="btn btn-primary py-0.5 text-xs"
                                  onClick={() =>
                                    write.mutate({
                                      method: 'PATCH',
                                      id: item.id,
                                      body: bodyOf(editing.draft, kind),
                                    })
                                  }
                                >
                                  {t('events.catalogue.save')}
                                </button>
                                <button
                                  type="button"
                                  className="btn py-0.5 text-xs"
                                  onClick={() => setEditing(null)}
                                >
                                  {t('events.catalogue.cancel')}
                                </button>
                              </>
                            ) : (
                              <>
                                <button
                                  type="button"
                                  className="btn py-0.5 text-xs"
                                  onClick={() => setEditing({ id: item.id, draft: draftOf(item, kind) })}
                                >
                                  {t('events.catalogue.edit')}
                                </button>
                                <button
                                  type="button"
                                  className="btn btn-danger py-0.5 text-xs"
                                  onClick={() => {
                                    if (
                                      window.confirm(t('events.catalogue.deleteConfirm', { name: item.name }))
                                    )
                                      write.mutate({ method: 'DELETE', id: item.id });
                                  }}
                                >
                                  {t('events.catalogue.delete')}
                                </button>
                              </>
                            )}
                          </div>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </Card>
  );
}

/** Named lists of tracks or vehicles (a season's calendar, a class's cars). */
function Lists() {
  const { t } = useTranslation();
  const { cid, isOfficer } = useCommunityView();
  const lists = useCatalogueLists(cid);
  const tracks = useTracks(cid);
  const vehicles = useVehicles(cid);
  const refresh = useRefreshEvents(cid);
  const empty = {
    id: null as string | null,
    kind: 'track' as TCatalogueList['kind'],
    name: '',
    itemIds: [] as string[],
  };
  const [form, setForm] = useState(empty);
  const base = `${communityPath(cid)}/catalogue/lists`;
  const write = useMutation({
    mutationFn: (w: { method: 'POST' | 'PATCH' | 'DELETE'; id?: string; body?: unknown }) =>
      api(w.id ? `${base}/${w.id}` : base, { method: w.method, body: w.body }),
    onSuccess: () => {
      setForm(empty);
      void refresh();
    },
  });
  const names = new Map<string, string>([
    ...(tracks.data?.items ?? []).map((x) => [x.id, x.name] as [string, string]),
    ...(vehicles.data?.items ?? []).map((x) => [x.id, x.name] as [string, string]),
  ]);
  const options = form.kind === 'track' ? (tracks.data?.items ?? []) : (vehicles.data?.items ?? []);
  return (
    <div className="grid gap-5 lg:grid-cols-[2fr_1fr]">
      <Card title={t('events.catalogue.lists')}>
        {write.error && <Notice kind="bad">{(write.error as Error).message}</Notice>}
        <QueryState query={lists} isEmpty={(d) => d.items.length === 0} empty={t('events.catalogue.noLists')}>
          {(d) => (
            <ul className="divide-y divide-line/60" data-testid="catalogue-lists">
              {d.items.map((l) => (
                <li key={l.id} className="flex flex-wrap items-start gap-3 py-3">
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">
                      {l.name}{' '}
                      <span className="chip">
                        {l.kind === 'track'
                          ? t('events.catalogue.kindTrack')
                          : t('events.catalogue.kindVehicle')}
                      </span>
                    </p>
                    <p className="mt-1 text-sm text-muted">
                      {l.itemIds.map((id) => names.get(id) ?? '…').join(' · ') ||
                        t('events.catalogue.itemCount', { count: 0 })}
                    </p>
                  </div>
                  {isOfficer && (
                    <div className="flex gap-1">
                      <button
                        type="button"
                        className="btn py-0.5 text-xs"
                        onClick={() => setForm({ id: l.id, kind: l.kind, name: l.name, itemIds: l.itemIds })}
                      >
                        {t('events.catalogue.edit')}
                      </button>
                      <button
                        type="button"
                        className="btn btn-danger py-0.5 text-xs"
                        onClick={() => {
                          if (window.confirm(t('events.catalogue.deleteConfirm', { name: l.name })))
                            write.mutate({ method: 'DELETE', id: l.id });
                        }}
                      >
                        {t('events.catalogue.delete')}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
      {isOfficer && (
        <Card title={form.id ? t('events.catalogue.edit') : t('events.catalogue.newList')}>
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              write.mutate(
                form.id
                  ? { method: 'PATCH', id: form.id, body: { name: form.name, itemIds: form.itemIds } }
                  : { method: 'POST', body: { kind: form.kind, name: form.name, itemIds: form.itemIds } },
              );
            }}
          >
            <div>
              <label className="label" htmlFor="list-kind">
                {t('events.catalogue.kind')}
              </label>
              <select
                id="list-kind"
                className="input"
                disabled={form.id !== null}
                value={form.kind}
                onChange={(e) =>
                  setForm((f) => ({ ...f, kind: e.target.value as TCatalogueList['kind'], itemIds: [] }))
                }
              >
                <option value="track">{t('events.catalogue.kindTrack')}</option>
                <option value="vehicle">{t('events.catalogue.kindVehicle')}</option>
              </select>
            </div>
            <div>
              <label className="label" htmlFor="list-name">
                {t('events.catalogue.name')}
              </label>
              <input
                id="list-name"
                className="input"
                required
                value={form.name}
                onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
              />
            </div>
            <fieldset>
              <legend className="label">{t('events.catalogue.items')}</legend>
              <div className="max-h-60 space-y-1 overflow-y-auto rounded-lg border border-line p-2">
                {options.map((o) => (
                  <label key={o.id} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={form.itemIds.includes(o.id)}
                      onChange={(e) =>
                        setForm((f) => ({
                          ...f,
                          itemIds: e.target.checked
                            ? [...f.itemIds, o.id]
                            : f.itemIds.filter((x) => x !== o.id),
                        }))
                      }
                    />
                    {o.name}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="flex gap-2">
              <button type="submit" className="btn btn-primary" disabled={write.isPending}>
                {t('events.catalogue.save')}
              </button>
              {form.id && (
                <button type="button" className="btn" onClick={() => setForm(empty)}>
                  {t('events.catalogue.cancel')}
                </button>
              )}
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}
