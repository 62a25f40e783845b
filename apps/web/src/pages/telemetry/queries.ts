import type {
  TTelemetryMemberHistory,
  TTelemetryPullDetail,
  TTelemetryRaidDetail,
  TTelemetryRaids,
} from '@guildhall/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { communityPath } from '../../api/queries';

/** The raid logs' reads: gold tables of the telemetry lake, through the API. */
const telemetryPath = (cid: string) => `${communityPath(cid)}/telemetry`;

export const PAGE_SIZE = 25;

export const useTelemetryRaids = (cid: string, page: number) =>
  useQuery({
    queryKey: ['telemetry-raids', cid, page],
    queryFn: () =>
      api<TTelemetryRaids>(`${telemetryPath(cid)}/raids`, {
        query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });

export const useTelemetryRaid = (cid: string, raidId: string) =>
  useQuery({
    queryKey: ['telemetry-raid', cid, raidId],
    queryFn: () => api<TTelemetryRaidDetail>(`${telemetryPath(cid)}/raids/${encodeURIComponent(raidId)}`),
  });

export const useTelemetryPull = (cid: string, raidId: string, pullId: string) =>
  useQuery({
    queryKey: ['telemetry-pull', cid, raidId, pullId],
    queryFn: () =>
      api<TTelemetryPullDetail>(
        `${telemetryPath(cid)}/raids/${encodeURIComponent(raidId)}/pulls/${encodeURIComponent(pullId)}`,
      ),
  });

export const useMemberTelemetry = (cid: string, memberId: string) =>
  useQuery({
    queryKey: ['telemetry-member', cid, memberId],
    queryFn: () =>
      api<TTelemetryMemberHistory>(`${communityPath(cid)}/members/${encodeURIComponent(memberId)}/telemetry`),
  });
