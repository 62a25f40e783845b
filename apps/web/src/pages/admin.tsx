import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type AdminTab, adminTabs } from '../admin-tabs';
import { useMe } from '../api/queries';
import { PageGate, useCommunityView } from '../components/community';
import { PageTitle, Tabs } from '../components/ui';
import { AlertsTab } from './admin/alerts';
import { ApiKeysTab } from './admin/api-keys';
import { AuditTab } from './admin/audit';
import { CredentialsTab } from './admin/credentials';
import { DiscordTab } from './admin/discord';
import { InvitesTab } from './admin/invites';
import { InstallationUsers, MembersTab } from './admin/members';
import { OpsAlertsCard } from './admin/ops-alerts';
import { PurgeTab } from './admin/purge';
import { RecordersTab } from './admin/recorders';
import { SettingsTab } from './admin/settings';

export const Route = createLazyRoute('/c/$cid/admin')({
  component: () => (
    <PageGate page="admin">
      <AdminPage />
    </PageGate>
  ),
});

const panels: Record<AdminTab, (installationOwner: boolean) => React.ReactNode> = {
  members: (installationOwner) => (
    <div className="space-y-4">
      <MembersTab />
      {installationOwner && <InstallationUsers />}
    </div>
  ),
  apiKeys: () => <ApiKeysTab />,
  recorders: () => <RecordersTab />,
  credentials: () => <CredentialsTab />,
  alerts: () => <AlertsTab />,
  audit: () => <AuditTab />,
  discord: () => <DiscordTab />,
  settings: (installationOwner) => (
    <div className="space-y-4">
      <SettingsTab />
      {installationOwner && <OpsAlertsCard />}
    </div>
  ),
  purge: () => <PurgeTab />,
  invites: () => <InvitesTab />,
};

/** Tabs that belong to one module: a community that does not run it does not see them. */
const tabModule: Partial<Record<AdminTab, string>> = { recorders: 'wow', purge: 'wow' };

function AdminPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/c/$cid/admin' }) as { tab?: AdminTab };
  const navigate = useNavigate({ from: '/c/$cid/admin' });
  const me = useMe();
  const { community } = useCommunityView();
  const tabs = adminTabs.filter((id) => {
    const module = tabModule[id];
    return module === undefined || community.modules.includes(module);
  });
  const tab = search.tab && tabs.includes(search.tab) ? search.tab : 'members';
  return (
    <div>
      <PageTitle>{t('admin.title')}</PageTitle>
      <Tabs
        label={t('admin.title')}
        value={tab}
        onChange={(id) => navigate({ search: { tab: id }, replace: true })}
        tabs={tabs.map((id) => ({ id, label: t(`admin.tabs.${id}`) }))}
      />
      <div role="tabpanel" data-testid={`admin-${tab}`}>
        {panels[tab](me.data?.user?.isInstanceOwner ?? false)}
      </div>
    </div>
  );
}
