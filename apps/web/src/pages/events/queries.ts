import type {
  TCatalogueList,
  TChampionship,
  TEvent,
  TEventResults,
  TSignup,
  TStandings,
  TTicket,
  TTicketConfig,
  TTrack,
  TVehicle,
} from '@guildhall/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';

/** The events module's reads: events, sign-ups, catalogue, championships, tickets. */
export const eventsPath = (cid: string) => `${communityPath(cid)}/events`;
export const eventPath = (cid: string, eventId: string) =>
  `${eventsPath(cid)}/${encodeURIComponent(eventId)}`;

export const PAGE_SIZE = 25;

export type EventStatus = TEvent['status'];
export const eventStatuses: EventStatus[] = [
  'draft',
  'scheduled',
  'active',
  'completed',
  'archived',
  'cancelled',
];

/** Which state actions each status allows (the server's transition table, for the buttons). */
export const actionsFrom: Record<
  EventStatus,
  readonly ('publish' | 'start' | 'complete' | 'archive' | 'cancel')[]
> = {
  draft: ['publish', 'cancel'],
  scheduled: ['start', 'cancel'],
  active: ['complete', 'cancel'],
  completed: ['archive', 'cancel'],
  cancelled: ['archive'],
  archived: [],
};
export type EventAction = (typeof actionsFrom)[EventStatus][number];

export interface EventListParams {
  q?: string;
  status?: EventStatus;
  from?: string;
  to?: string;
  page?: number;
  limit?: number;
}

export const useEvents = (cid: string, p: EventListParams) =>
  useQuery({
    queryKey: ['events', cid, p],
    queryFn: () =>
      api<List<TEvent>>(eventsPath(cid), {
        query: {
          q: p.q,
          status: p.status,
          from: p.from,
          to: p.to,
          limit: p.limit ?? PAGE_SIZE,
          offset: ((p.page ?? 1) - 1) * (p.limit ?? PAGE_SIZE),
        },
      }),
    placeholderData: keepPreviousData,
  });

export const useEvent = (cid: string, eventId: string) =>
  useQuery({ queryKey: ['event', cid, eventId], queryFn: () => api<TEvent>(eventPath(cid, eventId)) });

export const useSignups = (cid: string, eventId: string) =>
  useQuery({
    queryKey: ['event-signups', cid, eventId],
    queryFn: () => api<List<TSignup>>(`${eventPath(cid, eventId)}/signups`),
  });

export const useResults = (cid: string, eventId: string) =>
  useQuery({
    queryKey: ['event-results', cid, eventId],
    queryFn: () => api<TEventResults>(`${eventPath(cid, eventId)}/results`),
  });

export const useFeeds = (cid: string) =>
  useQuery({
    queryKey: ['calendar-feeds', cid],
    queryFn: () => api<{ community: string; member: string | null }>(`${communityPath(cid)}/calendar/feeds`),
    staleTime: 300_000,
  });

export const useTracks = (cid: string, q = '') =>
  useQuery({
    queryKey: ['tracks', cid, q],
    queryFn: () => api<List<TTrack>>(`${communityPath(cid)}/catalogue/tracks`, { query: { q, limit: 500 } }),
    placeholderData: keepPreviousData,
  });

export const useVehicles = (cid: string, q = '') =>
  useQuery({
    queryKey: ['vehicles', cid, q],
    queryFn: () =>
      api<List<TVehicle>>(`${communityPath(cid)}/catalogue/vehicles`, { query: { q, limit: 500 } }),
    placeholderData: keepPreviousData,
  });

export const useCatalogueLists = (cid: string) =>
  useQuery({
    queryKey: ['catalogue-lists', cid],
    queryFn: () =>
      api<List<TCatalogueList>>(`${communityPath(cid)}/catalogue/lists`, { query: { limit: 500 } }),
  });

export const useChampionships = (cid: string) =>
  useQuery({
    queryKey: ['championships', cid],
    queryFn: () => api<List<TChampionship>>(`${communityPath(cid)}/championships`),
  });

export const useStandings = (cid: string, championshipId: string | null) =>
  useQuery({
    queryKey: ['standings', cid, championshipId],
    queryFn: () =>
      api<TStandings>(`${communityPath(cid)}/championships/${encodeURIComponent(championshipId!)}/standings`),
    enabled: championshipId !== null,
  });

export const useTickets = (cid: string, status: TTicket['status'] | '', page: number) =>
  useQuery({
    queryKey: ['tickets', cid, status, page],
    queryFn: () =>
      api<List<TTicket>>(`${communityPath(cid)}/tickets`, {
        query: { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });

export const useTicketConfig = (cid: string) =>
  useQuery({
    queryKey: ['ticket-config', cid],
    queryFn: () => api<TTicketConfig | null>(`${communityPath(cid)}/tickets/config`),
  });

/** Forgets every events read of the community, after a write. */
export function useRefreshEvents(cid: string) {
  const qc = useQueryClient();
  return () =>
    qc.invalidateQueries({
      predicate: (q) =>
        [
          'events',
          'event',
          'event-signups',
          'event-results',
          'championships',
          'standings',
          'tracks',
          'vehicles',
          'catalogue-lists',
          'tickets',
          'ticket-config',
        ].includes(String(q.queryKey[0])) && q.queryKey[1] === cid,
    });
}

export const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409;
