/** The Charts tab: battery and speed of a car, power and energy of a charge point, over a chosen window. */
import { useMemo } from 'react';
import type { DeviceSeries } from '../../../shared/device-history.js';
import type { DeviceKind } from '../../../shared/fleet.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge, formatDuration } from '../ui/format.js';
import { statusColour } from '../ui/status-colours.js';
import { CHART_SPECS, CHART_WINDOWS, formatValue, summarise, toChartRows, type ChartSpec, type ChartWindowId } from './chart-series.js';
import { HistoryChart } from './HistoryChart.js';
import { useDeviceHistory } from './use-device-history.js';

interface ChartsTabProps {
  readonly controller: FleetController;
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly windowId: ChartWindowId;
  readonly onWindow: (windowId: ChartWindowId) => void;
  readonly nowMs: number;
}

function ChartBlock({ spec, series, windowId, nowMs }: { readonly spec: ChartSpec; readonly series: DeviceSeries; readonly windowId: ChartWindowId; readonly nowMs: number }) {
  const theme = useConsoleStore((state) => state.settings?.theme ?? 'dark');
  const rows = useMemo(() => toChartRows(series, spec.pick), [series, spec]);
  const summary = useMemo(() => summarise(rows), [rows]);
  const { latest } = summary;
  return (
    <section className="chart-block" aria-label={`${spec.title} (${spec.unit})`}>
      <header className="chart-header">
        <span className="chart-title">
          {spec.title} <span className="chart-unit">{spec.unit}</span>
        </span>
        {latest && (
          <span className="chart-latest" title={`Latest bucket, from ${formatAbsolute(latest.atMs)}, ${formatDuration(series.bucketMs)} wide; its age is counted from its start`}>
            {formatValue(latest.value, spec)} <span className="since">{formatAge(latest.atMs, nowMs)}</span>
          </span>
        )}
      </header>
      {rows.length === 0 ? (
        <p className="chart-empty" data-testid={`chart-empty-${spec.id}`}>
          No history in this window
        </p>
      ) : (
        <>
          <HistoryChart spec={spec} rows={rows} fromMs={series.fromMs} toMs={series.toMs} windowId={windowId} colour={statusColour(spec.tone, theme)} />
          <div className="chart-range">
            {spec.id === 'energy' && summary.change !== null
              ? `${formatValue(summary.change, spec)} delivered in this window`
              : `min ${formatValue(summary.min, spec)} · max ${formatValue(summary.max, spec)}`}
          </div>
        </>
      )}
    </section>
  );
}

export function ChartsTab({ controller, deviceId, kind, windowId, onWindow, nowMs }: ChartsTabProps) {
  const history = useDeviceHistory(controller, deviceId, windowId);
  const { series } = history;
  return (
    <div className="charts" data-testid="charts">
      <div className="window-choice" role="group" aria-label="Time window">
        {CHART_WINDOWS.map((choice) => (
          <button
            key={choice.id}
            type="button"
            className="window-button"
            aria-pressed={choice.id === windowId}
            data-testid={`chart-window-${choice.id}`}
            onClick={() => onWindow(choice.id)}
          >
            {choice.label}
          </button>
        ))}
      </div>
      {history.error && (
        <p className="panel-error" role="alert">
          Could not load the history: {history.error}{' '}
          <button type="button" className="link-button" onClick={history.retry}>
            Retry
          </button>
        </p>
      )}
      {!series && history.isLoading && <p className="panel-loading">Loading history…</p>}
      {series && CHART_SPECS[kind].map((spec) => <ChartBlock key={spec.id} spec={spec} series={series} windowId={windowId} nowMs={nowMs} />)}
    </div>
  );
}
