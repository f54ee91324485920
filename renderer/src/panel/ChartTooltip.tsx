import type { TooltipContentProps } from 'recharts';
import { formatPointTime, formatValue, type ChartSpec } from './chart-series.js';

/** The value under the pointer with its unit and its time, in the operator's zone. */
export function ChartTooltip({ active, payload, label, spec }: Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & { readonly spec: ChartSpec }) {
  const value = payload[0]?.value;
  if (!active || typeof value !== 'number' || typeof label !== 'number') return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-value">{formatValue(value, spec)}</div>
      <div className="chart-tooltip-time">{formatPointTime(label)}</div>
    </div>
  );
}
