/** The views, each with its "g + letter" shortcut; only those that exist are listed. */
import { useConsoleStore } from '../store/store.js';

export function LeftRail() {
  const setOverlay = useConsoleStore((state) => state.setOverlay);
  return (
    <nav className="rail" aria-label="Views">
      <button type="button" className="rail-item is-current" aria-current="page" title="Map (g m)" onClick={() => setOverlay('none')}>
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
          <path d="M2 4.5 7 2.5l6 2 5-2v13l-5 2-6-2-5 2z M7 2.5v13 M13 4.5v13" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
        </svg>
        <span>Map</span>
        <span className="rail-shortcut" aria-hidden="true">
          g m
        </span>
      </button>
    </nav>
  );
}
