import { GAME_MODULES } from '@guildhall/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Community } from '../api/types';
import { currentLanguage } from '../i18n';
import { LanguageSwitch, Logo } from './shell';
import { ErrorState, Notice, Rich } from './ui';

type Game = keyof typeof GAME_MODULES;
const games = Object.keys(GAME_MODULES) as Game[];
const regions = ['eu', 'us', 'kr', 'tw'] as const;

/** The frame of the pages outside a community: the first community, an invite. */
export function OnboardingFrame({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="mx-auto flex max-w-screen-2xl items-center justify-between px-4 py-3">
        <Link to="/">
          <Logo />
        </Link>
        <LanguageSwitch />
      </header>
      <main id="main" className="mx-auto mt-6 max-w-xl px-4 pb-16">
        {children}
      </main>
    </div>
  );
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? [];
  return all.includes('UTC') ? all : ['UTC', ...all];
}

/** The realm names of a region that match what was typed (the server's realm table). */
function useRealms(region: string, q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['realms', region, q],
    queryFn: () =>
      api<{ items: { slug: string; name: string }[] }>('/api/v1/realms', { query: { region, q, limit: 20 } }),
    enabled,
    staleTime: 3_600_000,
  });
}

/** "Create your first community": game, name, region and realm, time zone, language, modules. */
export function CreateCommunity({ first }: { first: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [game, setGame] = useState<Game>('wow');
  const [name, setName] = useState('');
  const [region, setRegion] = useState<(typeof regions)[number]>('eu');
  const [realm, setRealm] = useState('');
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [language, setLanguage] = useState<'en' | 'es'>(currentLanguage());
  const [womGroup, setWomGroup] = useState('');
  const [optional, setOptional] = useState<Record<string, boolean>>({});
  const zones = useMemo(timeZones, []);
  const realms = useRealms(region, realm.trim(), game === 'wow');
  const offered = GAME_MODULES[game].optional as readonly string[];
  const create = useMutation({
    mutationFn: () =>
      api<Community>('/api/v1/communities', {
        method: 'POST',
        body: {
          name: name.trim(),
          game,
          timezone,
          language,
          ...(game === 'wow' ? { region, ...(realm.trim() ? { realm: realm.trim() } : {}) } : {}),
          ...(game === 'osrs' && Number(womGroup) > 0 ? { settings: { womGroupId: Number(womGroup) } } : {}),
          modules: offered.filter((m) => optional[m] !== false),
        },
      }),
    onSuccess: async (community) => {
      await qc.invalidateQueries({ queryKey: ['me'] });
      await navigate({ to: '/c/$cid', params: { cid: community.id } });
    },
  });

  return (
    <form
      className="card space-y-4 p-6"
      data-testid="create-community"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) create.mutate();
      }}
    >
      <div>
        <h1 className="h-display text-2xl">{first ? t('onboarding.titleFirst') : t('onboarding.title')}</h1>
        <p className="mt-1 text-sm text-muted">{first ? t('onboarding.hintFirst') : t('onboarding.hint')}</p>
      </div>
      <fieldset>
        <legend className="label">{t('onboarding.game')}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {games.map((g) => (
            <label
              key={g}
              className={`flex cursor-pointer items-start gap-2 rounded-lg border p-3 text-sm ${
                game === g ? 'border-accent/60 bg-accent/10' : 'border-line'
              }`}
            >
              <input
                type="radio"
                name="game"
                value={g}
                className="mt-0.5 accent-cyan-400"
                checked={game === g}
                data-testid={`game-${g}`}
                onChange={() => setGame(g)}
              />
              <span>
                <span className="block font-semibold">{t(`onboarding.games.${g}`)}</span>
                <span className="block text-xs text-muted">{t(`onboarding.gameHints.${g}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label className="label" htmlFor="community-name">
          {t('onboarding.name')}
        </label>
        <input
          id="community-name"
          className="input"
          required
          maxLength={80}
          value={name}
          placeholder={t(`onboarding.namePlaceholder.${game}`)}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      {game === 'wow' && (
        <div className="grid gap-3 sm:grid-cols-[8rem_1fr]">
          <div>
            <label className="label" htmlFor="community-region">
              {t('onboarding.region')}
            </label>
            <select
              id="community-region"
              className="input"
              value={region}
              onChange={(e) => setRegion(e.target.value as (typeof regions)[number])}
            >
              {regions.map((r) => (
                <option key={r} value={r}>
                  {r.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label className="label" htmlFor="community-realm">
              {t('onboarding.realm')} <span className="text-faint">({t('onboarding.optional')})</span>
            </label>
            <input
              id="community-realm"
              className="input"
              list="realm-options"
              autoComplete="off"
              maxLength={64}
              value={realm}
              placeholder={t('onboarding.realmPlaceholder')}
              onChange={(e) => setRealm(e.target.value)}
            />
            <datalist id="realm-options" data-testid="realm-options">
              {realms.data?.items.map((r) => (
                <option key={r.slug} value={r.name} />
              ))}
            </datalist>
            <p className="mt-1 text-xs text-faint">{t('onboarding.realmHint')}</p>
          </div>
        </div>
      )}
      {game === 'osrs' && (
        <div>
          <label className="label" htmlFor="community-wom">
            {t('onboarding.womGroup')} <span className="text-faint">({t('onboarding.optional')})</span>
          </label>
          <input
            id="community-wom"
            className="input"
            inputMode="numeric"
            pattern="[0-9]*"
            value={womGroup}
            onChange={(e) => setWomGroup(e.target.value.replace(/\D/g, ''))}
          />
          <p className="mt-1 text-xs text-faint">{t('onboarding.womGroupHint')}</p>
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
        <div>
          <label className="label" htmlFor="community-timezone">
            {t('onboarding.timezone')}
          </label>
          <select
            id="community-timezone"
            className="input"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="community-language">
            {t('onboarding.language')}
          </label>
          <select
            id="community-language"
            className="input"
            value={language}
            onChange={(e) => setLanguage(e.target.value as 'en' | 'es')}
          >
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </div>
      </div>
      {offered.length > 0 && (
        <fieldset>
          <legend className="label">{t('onboarding.modules')}</legend>
          <div className="flex flex-wrap gap-4">
            {offered.map((m) => (
              <label key={m} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-cyan-400"
                  data-testid={`module-${m}`}
                  checked={optional[m] !== false}
                  onChange={(e) => setOptional({ ...optional, [m]: e.target.checked })}
                />
                {t(`onboarding.moduleNames.${m}`)}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {create.error && <ErrorState error={create.error} />}
      {first && (
        <Notice kind="info">
          <Rich text={t('onboarding.demoHint')} />
        </Notice>
      )}
      <button
        type="submit"
        className="btn btn-primary w-full"
        disabled={create.isPending || !name.trim()}
        data-testid="create-community-submit"
      >
        {t('onboarding.create')}
      </button>
    </form>
  );
}
