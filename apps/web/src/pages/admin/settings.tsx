import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { communityPath } from '../../api/queries';
import type { Community } from '../../api/types';
import { publicPageIds, publicPageReads, useCommunityView } from '../../components/community';
import { Card, Notice } from '../../components/ui';
import { pageRuns } from '../../lib/modules';

const regions = ['eu', 'us', 'kr', 'tw', 'cn'];

export function SettingsTab() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const qc = useQueryClient();
  const [form, setForm] = useState({
    name: community.name,
    realm: community.realm ?? '',
    region: community.region ?? '',
    timezone: community.timezone,
    inactivityDays: String(community.inactivityDays),
    language: community.language,
    publicPages: publicPageIds.filter((p) => (community.settings.publicPages ?? []).includes(p)) as string[],
  });
  const save = useMutation({
    mutationFn: () =>
      api<Community>(communityPath(cid), {
        method: 'PATCH',
        body: {
          name: form.name.trim(),
          realm: form.realm.trim() || null,
          region: form.region || null,
          timezone: form.timezone.trim(),
          inactivityDays: Number(form.inactivityDays),
          language: form.language,
          settings: {
            publicPages: form.publicPages.flatMap(
              (p) => publicPageReads[p as keyof typeof publicPageReads] ?? [p],
            ),
          },
        },
      }),
    onSuccess: (c) => {
      qc.setQueryData(['community', cid], c);
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
  // Realm and region are WoW's; the public pages offered are the ones this community runs.
  const wow = community.modules.includes('wow');
  const shownPages = publicPageIds.filter((p) => pageRuns(community, p));
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return (
    <Card title={t('admin.settings.title')}>
      <form
        className="grid max-w-3xl gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="sm:col-span-2">
          <label className="label" htmlFor="set-name">
            {t('admin.settings.name')}
          </label>
          <input
            id="set-name"
            className="input"
            required
            maxLength={80}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </div>
        {wow && (
          <>
            <div>
              <label className="label" htmlFor="set-realm">
                {t('admin.settings.realm')}
              </label>
              <input
                id="set-realm"
                className="input"
                maxLength={64}
                value={form.realm}
                onChange={(e) => setForm({ ...form, realm: e.target.value })}
              />
            </div>
            <div>
              <label className="label" htmlFor="set-region">
                {t('admin.settings.region')}
              </label>
              <select
                id="set-region"
                className="input"
                value={form.region}
                onChange={(e) => setForm({ ...form, region: e.target.value })}
              >
                <option value="">—</option>
                {regions.map((r) => (
                  <option key={r} value={r}>
                    {r.toUpperCase()}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        <div>
          <label className="label" htmlFor="set-tz">
            {t('admin.settings.timezone')}
          </label>
          <input
            id="set-tz"
            className="input"
            list="tz-list"
            required
            value={form.timezone}
            onChange={(e) => setForm({ ...form, timezone: e.target.value })}
          />
          <datalist id="tz-list">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <div>
          <label className="label" htmlFor="set-inactive">
            {t('admin.settings.inactivityDays')}
          </label>
          <input
            id="set-inactive"
            className="input"
            type="number"
            min={1}
            max={3650}
            required
            value={form.inactivityDays}
            onChange={(e) => setForm({ ...form, inactivityDays: e.target.value })}
          />
        </div>
        <div>
          <label className="label" htmlFor="set-lang">
            {t('admin.settings.language')}
          </label>
          <select
            id="set-lang"
            className="input"
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.target.value as 'en' | 'es' })}
          >
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </div>
        {shownPages.length > 0 && (
          <fieldset className="sm:col-span-2">
            <legend className="label">{t('admin.settings.publicPages')}</legend>
            <p className="mb-2 text-sm text-muted">{t('admin.settings.publicPagesHint')}</p>
            <div className="flex flex-wrap gap-4">
              {shownPages.map((p) => (
                <label key={p} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-cyan-400"
                    checked={form.publicPages.includes(p)}
                    onChange={(e) =>
                      setForm({
                        ...form,
                        publicPages: e.target.checked
                          ? [...form.publicPages, p]
                          : form.publicPages.filter((x) => x !== p),
                      })
                    }
                  />
                  {t(`admin.settings.pages.${p}`)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('admin.settings.save')}
          </button>
          {save.isSuccess && <Notice kind="good">{t('admin.settings.saved')}</Notice>}
          {save.error && <Notice kind="bad">{(save.error as Error).message}</Notice>}
        </div>
      </form>
    </Card>
  );
}
