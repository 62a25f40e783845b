import type { TOsrsDashboard, TOsrsPurge, TOsrsRoster } from '@guildhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { communityPath } from '../../api/queries';

/** The osrs module's reads for the live pages: the server computes every number. */
export const osrsPath = (cid: string) => `${communityPath(cid)}/osrs`;
export const reportUrl = (cid: string) => `${osrsPath(cid)}/report.xlsx`;

export const GAIN_PERIODS = [7, 30, 90, 365] as const;
export type GainPeriod = (typeof GAIN_PERIODS)[number];
/** Messages are kept per member for 90 days at most. */
export const messagesOf = (m: TOsrsRoster['items'][number], p: GainPeriod) =>
  p === 365 ? null : m.messages[String(p) as '7' | '30' | '90'];

export const useOsrsDashboard = (cid: string) =>
  useQuery({
    queryKey: ['osrs', cid, 'dashboard'],
    queryFn: () => api<TOsrsDashboard>(`${osrsPath(cid)}/dashboard`),
  });

export const useOsrsRoster = (cid: string) =>
  useQuery({ queryKey: ['osrs', cid, 'roster'], queryFn: () => api<TOsrsRoster>(`${osrsPath(cid)}/roster`) });

export const useOsrsPurge = (cid: string, enabled: boolean) =>
  useQuery({
    queryKey: ['osrs', cid, 'purge'],
    queryFn: () => api<TOsrsPurge>(`${osrsPath(cid)}/purge`),
    enabled,
  });
