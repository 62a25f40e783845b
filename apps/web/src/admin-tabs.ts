/** The admin page's tabs, in their order (`?tab=…`); browser tests visit each. */
export const adminTabs = [
  'members',
  'apiKeys',
  'recorders',
  'credentials',
  'alerts',
  'audit',
  'discord',
  'settings',
  'purge',
  'invites',
] as const;
export type AdminTab = (typeof adminTabs)[number];
