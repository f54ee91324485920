/**
 * The supervisor's review (issue 5 item 4, CONSOLE.md "supervisor"): alarms raised over a period by
 * type or severity, how fast the team acknowledged and cleared them, and which devices and stations
 * keep going wrong; a device or station opens on the map with its panel.
 */
import { useMemo, useState } from 'react';
import type { AlarmReview } from '../../../shared/alarms.js';
import { focusWhenShown } from '../map/map-commands.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { NoisyTable } from './NoisyTable.js';
import { ReviewChart } from './ReviewChart.js';
import { REVIEW_PERIODS, noisyDevices, noisyStations, reviewPeriod, reviewTiles, type ReviewNames, type ReviewPeriodId, type ReviewSplit } from './review-data.js';
import { useAlarmReview } from './use-alarm-review.js';

const SPLITS: readonly { readonly value: ReviewSplit; readonly label: string }[] = [
  { value: 'type', label: 'By type' },
  { value: 'severity', label: 'By severity' },
];

/** Names from the console's fleet: a car by its plate, a charge point by its id, with kind and station. */
const fleetNames: ReviewNames = {
  deviceName: (deviceId) => {
    const device = fleetModel.device(fleetModel.indexOf(deviceId));
    if (!device) return { name: deviceId, detail: 'not in the fleet', isKnown: false };
    const station = device.stationId === null ? null : fleetModel.stations[fleetModel.stationIndexOf(device.stationId)];
    const kind = device.kind === 'car' ? 'Car' : 'Charge point';
    return { name: device.kind === 'car' ? (device.plate ?? device.label) : device.id, detail: [kind, station?.name ?? null].filter((part) => part !== null).join(' · '), isKnown: true };
  },
  stationName: (stationId) => fleetModel.stations[fleetModel.stationIndexOf(stationId)]?.name ?? null,
};

function openOnMap(kind: 'device' | 'station', id: string): void {
  const state = useConsoleStore.getState();
  // The map first, so that it is uncovered and measured when it is asked to focus.
  state.setView('map');
  if (kind === 'device') state.select(id);
  else state.selectStation(id);
  focusWhenShown(kind, id);
}

function Tile({ label, value, hint, testId }: { readonly label: string; readonly value: string; readonly hint: string; readonly testId: string }) {
  return (
    <div className="review-tile" data-testid={testId}>
      <span className="review-tile-label">{label}</span>
      <span className="review-tile-value">{value}</span>
      <span className="review-tile-hint">{hint}</span>
    </div>
  );
}

function ReviewBody({ review, periodId, split }: { readonly review: AlarmReview; readonly periodId: ReviewPeriodId; readonly split: ReviewSplit }) {
  const theme = useConsoleStore((state) => state.settings?.theme ?? 'dark');
  const tiles = reviewTiles(review);
  const period = reviewPeriod(periodId);
  // Recomputed with each answer; names come from the fleet as it is now.
  const devices = useMemo(() => noisyDevices(review, fleetNames), [review]);
  const stations = useMemo(() => noisyStations(review, fleetNames), [review]);
  return (
    <div className="review-body">
      <div className="review-tiles">
        <Tile label="Alarms raised" value={tiles.raised} hint={`in the last ${period.label}`} testId="review-raised" />
        <Tile label="Mean time to acknowledge" value={tiles.meanTimeToAcknowledge} hint="from raised to acknowledged" testId="review-mtta" />
        <Tile label="Mean time to clear" value={tiles.meanTimeToClear} hint="from raised to the condition gone" testId="review-mttc" />
      </div>
      <section className="review-card" aria-label="Alarms raised over time">
        <h2 className="review-card-title">
          Alarms raised per {period.bucketLabel === '1 day' ? 'day' : period.bucketLabel === '1 h' ? 'hour' : '6 hours'}, {split === 'type' ? 'by type' : 'by severity'}
        </h2>
        {review.raised === 0 ? (
          <p className="review-empty" data-testid="review-empty">
            No alarm was raised in the last {period.label}.
          </p>
        ) : (
          <ReviewChart review={review} split={split} periodId={periodId} theme={theme} />
        )}
      </section>
      <div className="review-tables">
        <NoisyTable title="Noisiest devices" thing="device" rows={devices} onOpen={(id) => openOnMap('device', id)} />
        <NoisyTable title="Noisiest stations" thing="station" rows={stations} onOpen={(id) => openOnMap('station', id)} />
      </div>
    </div>
  );
}

export function ReviewView() {
  const [periodId, setPeriodId] = useState<ReviewPeriodId>('24h');
  const [split, setSplit] = useState<ReviewSplit>('type');
  const { load, refresh } = useAlarmReview(periodId);
  const now = useNow();
  return (
    <main className="view review-view" data-testid="review-view" data-state={load.state}>
      <div className="review-toolbar">
        <h1 className="review-title">Alarm review</h1>
        <div className="segmented" role="group" aria-label="Period">
          {REVIEW_PERIODS.map((period) => (
            <button
              key={period.id}
              type="button"
              className={`segment${periodId === period.id ? ' is-on' : ''}`}
              aria-pressed={periodId === period.id}
              title={`The last ${period.label}, in bars of ${period.bucketLabel}`}
              data-testid={`review-period-${period.id}`}
              onClick={() => setPeriodId(period.id)}
            >
              {period.label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Split">
          {SPLITS.map(({ value, label }) => (
            <button
              key={value}
              type="button"
              className={`segment${split === value ? ' is-on' : ''}`}
              aria-pressed={split === value}
              data-testid={`review-split-${value}`}
              onClick={() => setSplit(value)}
            >
              {label}
            </button>
          ))}
        </div>
        <span className="filter-spacer" />
        {load.state === 'loaded' && (
          <span className={`review-age${load.refreshError ? ' is-failed' : ''}`} title={formatAbsolute(load.loadedAtMs)} data-testid="review-age">
            {load.isRefreshing ? 'Refreshing… · ' : ''}
            {load.refreshError ? `Refresh failed (${load.refreshError}) · ` : ''}
            as of {formatAge(load.loadedAtMs, Math.max(now, load.loadedAtMs + 1000))}
          </span>
        )}
        <button type="button" className="filter-button" data-testid="review-refresh" onClick={refresh} disabled={load.state === 'loading'}>
          Refresh
        </button>
      </div>
      {load.state === 'loading' && (
        <div className="view-waiting" data-testid="review-loading">
          Loading the alarm review…
        </div>
      )}
      {load.state === 'error' && (
        <div className="view-waiting review-error" data-testid="review-error" role="alert">
          <span>The alarm review could not be loaded: {load.message}</span>
          <button type="button" className="filter-button" onClick={refresh}>
            Try again
          </button>
        </div>
      )}
      {load.state === 'loaded' && <ReviewBody review={load.review} periodId={periodId} split={split} />}
    </main>
  );
}
