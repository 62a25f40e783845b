import type { TRacingDetails } from '@guildhall/contracts';
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/ui';
import { useTracks, useVehicles } from './queries';

/** An event's racing details: the track and cars by name, session lengths, rules and regulation. */
export function RacingCard({ cid, racing }: { cid: string; racing: TRacingDetails }) {
  const { t } = useTranslation();
  const tracks = useTracks(cid);
  const vehicles = useVehicles(cid);
  const track = racing.trackId ? tracks.data?.items.find((x) => x.id === racing.trackId) : undefined;
  const s = racing.settings ?? {};
  const r = racing.rules ?? {};
  const sessions = [
    s.practiceMinutes !== undefined && t('events.detail.practice', { minutes: s.practiceMinutes }),
    s.qualifyingMinutes !== undefined && t('events.detail.qualifying', { minutes: s.qualifyingMinutes }),
    s.raceMinutes !== undefined && t('events.detail.race', { minutes: s.raceMinutes }),
    s.raceLaps !== undefined && t('events.detail.laps', { laps: s.raceLaps }),
    s.weather && t('events.detail.weather', { weather: s.weather }),
    s.damagePercent !== undefined && t('events.detail.damage', { percent: s.damagePercent }),
  ].filter(Boolean) as string[];
  const cars = racing.vehicles.map((v) =>
    'text' in v ? v.text : (vehicles.data?.items.find((x) => x.id === v.vehicleId)?.name ?? '…'),
  );
  const block = (label: string, text: string | undefined) =>
    text ? (
      <div>
        <h3 className="label">{label}</h3>
        <p className="text-sm whitespace-pre-line">{text}</p>
      </div>
    ) : null;
  return (
    <Card title={t('events.detail.racing')}>
      <div className="space-y-4" data-testid="event-racing">
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <h3 className="label">{t('events.detail.track')}</h3>
            <p className="text-sm">
              {racing.trackId
                ? track
                  ? `${track.name}${track.layout ? ` · ${track.layout}` : ''}${track.country ? ` (${track.country})` : ''}`
                  : tracks.isPending
                    ? '…'
                    : t('events.detail.unknownTrack')
                : '—'}
            </p>
          </div>
          <div>
            <h3 className="label">{t('events.detail.vehicles')}</h3>
            {cars.length ? (
              <ul className="flex flex-wrap gap-1">
                {cars.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the same car may be typed twice
                  <li key={`${c}-${i}`} className="chip">
                    {c}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm">—</p>
            )}
          </div>
        </div>
        {sessions.length > 0 && (
          <div>
            <h3 className="label">{t('events.detail.settings')}</h3>
            <p className="text-sm">{sessions.join(' · ')}</p>
          </div>
        )}
        {block(t('events.detail.rules'), r.text)}
        {(r.regulationUrl || r.regulationChannelId) && (
          <div>
            <h3 className="label">{t('events.detail.regulation')}</h3>
            {r.regulationUrl ? (
              <a
                href={r.regulationUrl}
                target="_blank"
                rel="noreferrer noopener"
                className="text-sm break-all text-accent-strong hover:underline"
              >
                {r.regulationUrl}
              </a>
            ) : (
              <p className="text-sm">{t('events.detail.regulationChannel', { id: r.regulationChannelId })}</p>
            )}
          </div>
        )}
        {block(t('events.detail.briefing'), r.briefing)}
        {block(t('events.detail.skins'), r.skins)}
      </div>
    </Card>
  );
}
