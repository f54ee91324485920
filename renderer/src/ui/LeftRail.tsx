/** The views, each with its "g + letter" shortcut; only those that exist are listed. */
import type { ReactNode } from 'react';
import { alarmBook } from '../alarms/alarm-book.js';
import { useAlarmBookRevision } from '../alarms/use-alarm-book.js';
import type { View } from '../find/view-hash.js';
import { useConsoleStore } from '../store/store.js';

interface RailEntry {
  readonly view: View;
  readonly label: string;
  readonly letter: string;
  readonly icon: ReactNode;
}

const ICON_PROPS = { viewBox: '0 0 20 20', width: 18, height: 18, 'aria-hidden': true } as const;

const ENTRIES: readonly RailEntry[] = [
  {
    view: 'map',
    label: 'Map',
    letter: 'm',
    icon: (
      <svg {...ICON_PROPS}>
        <path d="M2 4.5 7 2.5l6 2 5-2v13l-5 2-6-2-5 2z M7 2.5v13 M13 4.5v13" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      </svg>
    ),
  },
  {
    view: 'alarms',
    label: 'Alarms',
    letter: 'a',
    icon: (
      <svg {...ICON_PROPS}>
        <path d="M10 2.5 18 17H2z M10 8v4.2 M10 14.3v.2" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    view: 'reservations',
    label: 'Reservations',
    letter: 'r',
    icon: (
      <svg {...ICON_PROPS}>
        <path d="M3 5h14v12H3z M3 9h14 M7 3v4 M13 3v4 M7 13l2 2 4-4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    view: 'support',
    label: 'Support',
    letter: 's',
    icon: (
      <svg {...ICON_PROPS}>
        <path d="M10 9.5a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M4 17c.8-3.2 3.1-5 6-5s5.2 1.8 6 5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    view: 'review',
    label: 'Review',
    letter: 'v',
    icon: (
      <svg {...ICON_PROPS}>
        <path d="M3 17V3 M3 17h14 M6 14v-4 M9.5 14V6 M13 14v-6 M16.5 14V9" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
      </svg>
    ),
  },
];

/** Unacknowledged critical alarms, on the Alarms entry: the one thing worth seeing from any view. */
function CriticalBadge() {
  useAlarmBookRevision();
  const critical = alarmBook.unacknowledgedCounts().critical;
  if (critical === 0) return null;
  return (
    <span className="rail-badge" data-testid="rail-critical" title={`${critical} unacknowledged critical ${critical === 1 ? 'alarm' : 'alarms'}`}>
      {critical > 99 ? '99+' : critical}
    </span>
  );
}

export function LeftRail() {
  const current = useConsoleStore((state) => state.view);
  const setView = useConsoleStore((state) => state.setView);
  return (
    <nav className="rail" aria-label="Views">
      {ENTRIES.map((entry) => {
        const isCurrent = entry.view === current;
        return (
          <button
            key={entry.view}
            type="button"
            className={`rail-item${isCurrent ? ' is-current' : ''}`}
            aria-current={isCurrent ? 'page' : undefined}
            title={`${entry.label} (g ${entry.letter})`}
            data-testid={`rail-${entry.view}`}
            onClick={() => setView(entry.view)}
          >
            {entry.icon}
            <span>{entry.label}</span>
            <span className="rail-shortcut" aria-hidden="true">
              g {entry.letter}
            </span>
            {entry.view === 'alarms' && <CriticalBadge />}
          </button>
        );
      })}
    </nav>
  );
}
