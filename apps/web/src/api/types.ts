/**
 * The shapes the dashboard reads: the server's contracts where they exist (type-only
 * imports, so no schema code reaches the bundle), and the dashboard module's own.
 */
export type {
  TAlertKind as AlertKind,
  TAlertRule as AlertRule,
  TApiKey as ApiKey,
  TAttendance as Attendance,
  TAuditEntry as AuditEntry,
  TAuthProviders as Providers,
  TCharacter as Character,
  TCommunity as Community,
  TCredential as Credential,
  TFeedItem as FeedItem,
  THeatmap as Heatmap,
  THeatmapCellDetail as HeatmapCellDetail,
  TIntegrations as Integrations,
  TKpis as Kpis,
  TMemberProfile as MemberProfile,
  TMythicOverview as MythicOverview,
  TMythicPlus as MythicPlus,
  TParse as Parse,
  TParses as Parses,
  TPurgePreview as PurgePreview,
  TRaidProgress as RaidProgress,
  TRecorder as Recorder,
  TRosterItem as RosterItem,
  TSyncStatus as SyncStatus,
  TTeamCandidate as TeamCandidate,
  TWclAttendance as WclAttendance,
  TWebhook as Webhook,
} from '@guildhall/contracts';

export type CommunityRole = 'owner' | 'officer' | 'member';

export interface Me {
  user: { id: string; displayName: string; isInstanceOwner: boolean } | null;
  communities: { id: string; name: string; role: CommunityRole }[];
}
