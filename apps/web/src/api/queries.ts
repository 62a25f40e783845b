import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type List } from './client';
import type {
  Attendance,
  Community,
  FeedItem,
  Heatmap,
  HeatmapCellDetail,
  Kpis,
  Me,
  MemberProfile,
  MythicOverview,
  MythicPlus,
  Parses,
  Providers,
  RaidProgress,
  RosterItem,
  TeamCandidate,
  WclAttendance,
} from './types';

export const communityPath = (cid: string) => `/api/v1/communities/${encodeURIComponent(cid)}`;

export const useMe = () =>
  useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/api/v1/me'), staleTime: 60_000 });

export const usePublicCommunities = (enabled: boolean) =>
  useQuery({
    queryKey: ['public-communities'],
    queryFn: () =>
      api<List<{ id: string; name: string; publicPages: string[] }>>('/api/v1/public-communities'),
    enabled,
  });

export const useProviders = (community: string | undefined) =>
  useQuery({
    queryKey: ['auth-providers', community],
    queryFn: () => api<Providers>('/api/v1/auth/providers', { query: { community } }),
    staleTime: 300_000,
  });

export const useCommunity = (cid: string) =>
  useQuery({
    queryKey: ['community', cid],
    queryFn: () => api<Community>(communityPath(cid)),
    staleTime: 30_000,
  });

export const useKpis = (cid: string) =>
  useQuery({ queryKey: ['kpis', cid], queryFn: () => api<Kpis>(`${communityPath(cid)}/kpis`) });

export const useHeatmap = (cid: string) =>
  useQuery({ queryKey: ['heatmap', cid], queryFn: () => api<Heatmap>(`${communityPath(cid)}/heatmap`) });

export const useHeatmapCell = (cid: string, cell: { weekday: number; hour: number } | null) =>
  useQuery({
    queryKey: ['heatmap-cell', cid, cell?.weekday, cell?.hour],
    queryFn: () =>
      api<HeatmapCellDetail>(`${communityPath(cid)}/dashboard/heatmap-cell`, {
        query: { weekday: cell!.weekday, hour: cell!.hour },
      }),
    enabled: cell !== null,
    staleTime: 300_000,
  });

export const useFeed = (cid: string) =>
  useQuery({
    queryKey: ['feed', cid],
    queryFn: () => api<List<FeedItem>>(`${communityPath(cid)}/feed`, { query: { limit: 12 } }),
  });

export interface RosterQuery {
  q?: string;
  role?: string;
  class?: string;
  minScore?: number;
  hideInactive?: boolean;
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
}

export const ROSTER_PAGE_SIZE = 50;

export const useRoster = (cid: string, q: RosterQuery) =>
  useQuery({
    queryKey: ['roster', cid, q],
    queryFn: ({ signal }) =>
      api<List<RosterItem>>(`${communityPath(cid)}/roster`, {
        signal,
        query: {
          q: q.q,
          role: q.role,
          class: q.class,
          minScore: q.minScore,
          active: q.hideInactive ? true : undefined,
          sort: q.sort ?? 'name',
          dir: q.dir ?? 'asc',
          limit: ROSTER_PAGE_SIZE,
          offset: ((q.page ?? 1) - 1) * ROSTER_PAGE_SIZE,
        },
      }),
    placeholderData: keepPreviousData,
  });

export const useMember = (cid: string, memberId: string) =>
  useQuery({
    queryKey: ['member', cid, memberId],
    queryFn: () => api<MemberProfile>(`${communityPath(cid)}/members/${encodeURIComponent(memberId)}`),
  });

export const useMemberMythicPlus = (cid: string, memberId: string) =>
  useQuery({
    queryKey: ['member-mplus', cid, memberId],
    queryFn: () =>
      api<MythicPlus>(`${communityPath(cid)}/members/${encodeURIComponent(memberId)}/mythic-plus`),
    retry: false,
  });

export const useMemberParses = (cid: string, memberId: string) =>
  useQuery({
    queryKey: ['member-parses', cid, memberId],
    queryFn: () => api<Parses>(`${communityPath(cid)}/members/${encodeURIComponent(memberId)}/parses`),
    retry: false,
  });

export const useMythicOverview = (cid: string) =>
  useQuery({
    queryKey: ['mythic-overview', cid],
    queryFn: () => api<MythicOverview>(`${communityPath(cid)}/dashboard/mythic-plus`),
  });

export const useTeamCandidates = (cid: string) =>
  useQuery({
    queryKey: ['team-candidates', cid],
    queryFn: () => api<List<TeamCandidate>>(`${communityPath(cid)}/dashboard/team-candidates`),
  });

export const useRaidProgress = (cid: string) =>
  useQuery({
    queryKey: ['raid-progress', cid],
    queryFn: () => api<RaidProgress>(`${communityPath(cid)}/raid-progress`),
    retry: false,
  });

export const useAttendance = (cid: string) =>
  useQuery({
    queryKey: ['attendance', cid],
    queryFn: () => api<Attendance>(`${communityPath(cid)}/attendance`, { query: { weeks: 4, limit: 1000 } }),
    retry: false,
  });

export const useWclAttendance = (cid: string) =>
  useQuery({
    queryKey: ['wcl-attendance', cid],
    queryFn: () =>
      api<WclAttendance>(`${communityPath(cid)}/wcl-attendance`, { query: { weeks: 4, limit: 1000 } }),
    retry: false,
  });
