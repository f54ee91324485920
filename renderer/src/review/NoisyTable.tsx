/** The noisiest devices or stations of the period: rank, name, alarms with a share bar, occurrences; a row opens it on the map. */
import { formatCount } from '../ui/format.js';
import type { NoisyRow } from './review-data.js';

interface NoisyTableProps {
  readonly title: string;
  readonly thing: 'device' | 'station';
  readonly rows: readonly NoisyRow[];
  readonly onOpen: (id: string) => void;
}

export function NoisyTable({ title, thing, rows, onOpen }: NoisyTableProps) {
  return (
    <section className="review-card review-noisy" data-testid={`noisiest-${thing}s`} aria-label={title}>
      <h2 className="review-card-title">{title}</h2>
      {rows.length === 0 ? (
        <p className="review-empty-line">No {thing} raised an alarm in this period.</p>
      ) : (
        <table className="review-table">
          <thead>
            <tr>
              <th className="is-rank">#</th>
              <th>{thing === 'device' ? 'Device' : 'Station'}</th>
              <th className="is-number" title="Alarms raised in the period">
                Alarms
              </th>
              <th className="is-number" title="Times the conditions came back while their alarms were open">
                Occurrences
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, position) => (
              <tr
                key={row.id}
                className={row.isKnown ? 'is-openable' : undefined}
                data-testid={`noisy-${thing}`}
                data-id={row.id}
                tabIndex={row.isKnown ? 0 : undefined}
                title={row.isKnown ? `Open ${row.name} on the map` : `${row.id} is not in the console's fleet`}
                onClick={row.isKnown ? () => onOpen(row.id) : undefined}
                onKeyDown={
                  row.isKnown
                    ? (event) => {
                        if (event.key === 'Enter') onOpen(row.id);
                      }
                    : undefined
                }
              >
                <td className="is-rank">{position + 1}</td>
                <td>
                  <span className="review-name">
                    <span className="review-name-main">{row.name}</span>
                    {row.detail && <span className="review-name-detail">{row.detail}</span>}
                  </span>
                </td>
                <td className="is-number">
                  <span className="review-share" aria-hidden="true">
                    <span className="review-share-bar" style={{ width: `${Math.max(2, Math.round(row.share * 100))}%` }} />
                  </span>
                  {formatCount(row.alarms)}
                </td>
                <td className="is-number">{formatCount(row.occurrences)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
