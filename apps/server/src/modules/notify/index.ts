export { maskWebhookUrl, parseWebhookUrl } from './clients/discord';
export { NOTIFY_DELIVER_JOB, notifyJobs } from './notify.jobs';
export { notifyRoutes } from './notify.routes';
export {
  type ActivityEventLike,
  type Alert,
  createWebhook,
  crossedMilestone,
  DEFAULT_MILESTONES,
  deliverOutbox,
  loadRules,
  type QueuedAlert,
  queueAlerts,
  queueAlertsForEvents,
  setAlertRule,
} from './notify.service';
export { type AlertKind, alertKinds } from './notify.tables';
