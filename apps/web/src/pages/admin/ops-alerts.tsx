import type { TOpsAlertSettings, TOpsAlertSettingsUpdate } from '@guildhall/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Card, ErrorState, Notice, QueryState } from '../../components/ui';

const path = '/api/v1/admin/ops-alerts';

/** The installation owner's ops alerts: where Guildhall tells its operator about failing jobs, providers, backups and disk. */
export function OpsAlertsCard() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: ['ops-alerts'], queryFn: () => api<TOpsAlertSettings>(path) });
  return (
    <Card title={t('admin.opsAlerts.title')} subtitle={t('admin.opsAlerts.hint')}>
      <QueryState query={settings}>{(s) => <OpsAlertsForm settings={s} />}</QueryState>
    </Card>
  );
}

function OpsAlertsForm({ settings }: { settings: TOpsAlertSettings }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [webhookUrl, setWebhookUrl] = useState('');
  const [channel, setChannel] = useState(settings.botLogChannelId ?? '');
  const [language, setLanguage] = useState(settings.language);
  const save = useMutation({
    mutationFn: (body: TOpsAlertSettingsUpdate) => api<TOpsAlertSettings>(path, { method: 'PUT', body }),
    onSuccess: (s) => {
      qc.setQueryData(['ops-alerts'], s);
      setWebhookUrl('');
    },
  });
  return (
    <form
      className="grid max-w-3xl gap-4 sm:grid-cols-2"
      data-testid="ops-alerts"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          ...(webhookUrl.trim() ? { webhookUrl: webhookUrl.trim() } : {}),
          ...(settings.botConfigured ? { botLogChannelId: channel.trim() || null } : {}),
          language,
        });
      }}
    >
      <div className="sm:col-span-2">
        <label className="label" htmlFor="ops-webhook">
          {t('admin.opsAlerts.webhook')}
        </label>
        <input
          id="ops-webhook"
          className="input font-mono text-xs"
          value={webhookUrl}
          placeholder={settings.webhookUrl ?? 'https://discord.com/api/webhooks/…'}
          onChange={(e) => setWebhookUrl(e.target.value)}
        />
        <p className="mt-1 text-xs text-muted">
          {settings.webhookFromConfig
            ? t('admin.opsAlerts.fromConfig')
            : settings.webhookUrl
              ? t('admin.opsAlerts.current', { url: settings.webhookUrl })
              : t('admin.opsAlerts.none')}
        </p>
      </div>
      {settings.botConfigured && (
        <div>
          <label className="label" htmlFor="ops-channel">
            {t('admin.opsAlerts.channel')}
          </label>
          <input
            id="ops-channel"
            className="input font-mono"
            inputMode="numeric"
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
          />
        </div>
      )}
      <div>
        <label className="label" htmlFor="ops-language">
          {t('admin.opsAlerts.language')}
        </label>
        <select
          id="ops-language"
          className="input"
          value={language}
          onChange={(e) => setLanguage(e.target.value as TOpsAlertSettings['language'])}
        >
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('admin.opsAlerts.save')}
        </button>
        {settings.webhookUrl && !settings.webhookFromConfig && (
          <button type="button" className="btn" onClick={() => save.mutate({ webhookUrl: null })}>
            {t('admin.opsAlerts.remove')}
          </button>
        )}
        {save.isSuccess && <Notice kind="good">{t('admin.opsAlerts.saved')}</Notice>}
      </div>
      {save.error && (
        <div className="sm:col-span-2">
          <ErrorState error={save.error} />
        </div>
      )}
    </form>
  );
}
