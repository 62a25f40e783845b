import type { TLinkedAccounts } from '@guildhall/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export type LinkedAccounts = TLinkedAccounts;

/** The provider accounts the signed-in user signs in with (their Steam account with its ids). */
export const useLinkedAccounts = (enabled: boolean) =>
  useQuery({
    queryKey: ['me', 'linked-accounts'],
    queryFn: () => api<LinkedAccounts>('/api/v1/me/linked-accounts'),
    enabled,
    staleTime: 60_000,
  });
