export { activityRoutes } from './activity.routes';
export {
  type ActivityEventInput,
  addDays,
  type ChatDayRow,
  type ChatMonthRow,
  dayReportEvent,
  latestActivityAt,
  latestSnapshot,
  localDay,
  maxOnline,
  memberHistory,
  mergeChatDays,
  mergeChatMonths,
  messagesBetween,
  type PresenceRow,
  type RecordedActivityEvent,
  recordActivityEvents,
  recordPresence,
  recordSnapshots,
  type SnapshotRow,
} from './activity.service';
export { type ActivityEventKind, activityEventKinds } from './activity.tables';
