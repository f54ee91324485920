/**
 * Alarms raised per bucket as stacked bars, by type or by severity, with a legend that names only what
 * the bars show. Never animated: a minute's refresh should not make the bars jump.
 */
import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { AlarmReview } from '../../../shared/alarms.js';
import type { Theme } from '../../../shared/bridge.js';
import { operatorTimeZone } from '../ui/format.js';
import { bucketLabel, bucketSpan, reviewRows, reviewSeries, type ReviewPeriodId, type ReviewRow, type ReviewSeries, type ReviewSplit } from './review-data.js';

const CHART_HEIGHT = 300;

interface ReviewChartProps {
  readonly review: AlarmReview;
  readonly split: ReviewSplit;
  readonly periodId: ReviewPeriodId;
  readonly theme: Theme;
}

interface BucketTooltipProps extends Pick<TooltipContentProps, 'active' | 'label'> {
  readonly series: readonly ReviewSeries[];
  readonly rows: readonly ReviewRow[];
  readonly bucketMs: number;
}

function BucketTooltip({ active, label, series, rows, bucketMs }: BucketTooltipProps) {
  if (!active || typeof label !== 'number') return null;
  const row = rows.find((each) => each.startMs === label);
  const lines = [...series].reverse().filter((each) => (row?.[each.key] ?? 0) > 0);
  const total = series.reduce((sum, each) => sum + (row?.[each.key] ?? 0), 0);
  return (
    <div className="chart-tooltip review-tooltip">
      <div className="chart-tooltip-time">{bucketSpan(label, bucketMs, operatorTimeZone())}</div>
      <div className="chart-tooltip-value">
        {total} {total === 1 ? 'alarm' : 'alarms'} raised
      </div>
      {lines.map((each) => (
        <div key={each.key} className="review-tooltip-line">
          <span className="review-legend-swatch" style={{ background: each.colour }} aria-hidden="true" />
          <span>{each.label}</span>
          <span className="review-tooltip-count">{row?.[each.key] ?? 0}</span>
        </div>
      ))}
    </div>
  );
}

export const ReviewChart = memo(function ReviewChart({ review, split, periodId, theme }: ReviewChartProps) {
  const series = useMemo(() => reviewSeries(review, split, theme), [review, split, theme]);
  const rows = useMemo(() => reviewRows(review, split), [review, split]);
  const timeZone = operatorTimeZone();
  const tickColour = theme === 'dark' ? '#8590a0' : '#5c6775';
  const gridColour = theme === 'dark' ? '#262f3b' : '#d8dee4';
  return (
    <div className="review-chart" data-testid="review-chart" data-split={split} data-buckets={rows.length}>
      <ul className="review-legend" aria-label="Series">
        {series.map((each) => (
          <li key={each.key} data-testid="review-legend-item">
            <span className="review-legend-swatch" style={{ background: each.colour }} aria-hidden="true" />
            {each.label}
            <span className="review-legend-count">{each.total}</span>
          </li>
        ))}
      </ul>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} barCategoryGap="18%" accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke={gridColour} />
          <XAxis
            dataKey="startMs"
            tickFormatter={(tick: number) => bucketLabel(tick, periodId, timeZone)}
            tick={{ fill: tickColour, fontSize: 11 }}
            tickLine={false}
            axisLine={{ stroke: gridColour }}
            interval="preserveStartEnd"
            minTickGap={18}
            height={24}
          />
          <YAxis allowDecimals={false} width={40} tick={{ fill: tickColour, fontSize: 11 }} tickLine={false} axisLine={false} />
          <Tooltip
            content={(props) => <BucketTooltip active={props.active} label={props.label} series={series} rows={rows} bucketMs={review.bucketMs} />}
            cursor={{ fill: theme === 'dark' ? 'rgba(255, 255, 255, 0.05)' : 'rgba(0, 0, 0, 0.05)' }}
            isAnimationActive={false}
          />
          {series.map((each) => (
            <Bar key={each.key} dataKey={each.key} name={each.label} stackId="alarms" fill={each.colour} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
