/**
 * One quantity over the chosen window as a line. Memoised and never animated: the panel refetches while
 * the device changes, and a chart that re-animates or re-renders on every second tick would make the
 * panel (and the map beside it) stutter.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { chartWindow, formatTick, timeTicks, type ChartRow, type ChartSpec, type ChartWindowId } from './chart-series.js';
import { ChartTooltip } from './ChartTooltip.js';

/** The panel body's inner width (styles.css: .device-panel 380 px, minus padding and a scrollbar). */
export const CHART_WIDTH = 334;
const CHART_HEIGHT = 128;
const BATTERY_TICKS = [0, 25, 50, 75, 100];

interface HistoryChartProps {
  readonly spec: ChartSpec;
  readonly rows: readonly ChartRow[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly windowId: ChartWindowId;
  readonly colour: string;
}

export const HistoryChart = memo(function HistoryChart({ spec, rows, fromMs, toMs, windowId, colour }: HistoryChartProps) {
  const ticks = useMemo(() => timeTicks(fromMs, toMs, chartWindow(windowId).tickStepMs), [fromMs, toMs, windowId]);
  const numberFormat = useMemo(() => new Intl.NumberFormat('en-US', { maximumFractionDigits: spec.digits }), [spec.digits]);
  const data = useMemo(() => [...rows], [rows]);
  const yDomain: [number | 'auto', number | 'auto'] = spec.domain ? [spec.domain[0], spec.domain[1]] : [spec.fromZero ? 0 : 'auto', 'auto'];
  const isSparse = rows.filter((row) => row.value !== null).length <= 2;
  return (
    <div className="history-chart" data-testid={`chart-${spec.id}`} data-points={rows.length}>
      <LineChart width={CHART_WIDTH} height={CHART_HEIGHT} data={data} margin={{ top: 6, right: 10, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="atMs"
          type="number"
          scale="time"
          domain={[fromMs, toMs]}
          allowDataOverflow
          ticks={ticks}
          tickFormatter={(tick: number) => formatTick(tick, windowId)}
          tickLine={false}
          height={20}
          interval={0}
        />
        <YAxis
          width={58}
          domain={yDomain}
          ticks={spec.id === 'battery' ? BATTERY_TICKS : undefined}
          tickCount={4}
          tickFormatter={(tick: number) => `${numberFormat.format(tick)} ${spec.unit}`}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip content={(props) => <ChartTooltip active={props.active} payload={props.payload} label={props.label} spec={spec} />} isAnimationActive={false} />
        <Line
          type="linear"
          dataKey="value"
          stroke={colour}
          strokeWidth={1.6}
          dot={isSparse ? { r: 2.5, fill: colour, stroke: 'none' } : false}
          activeDot={{ r: 3, fill: colour, stroke: 'none' }}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
});
