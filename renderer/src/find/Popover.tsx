/** A button that opens a small panel below it; the panel closes on Esc, on a click elsewhere, or on request. */
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface PopoverProps {
  readonly label: ReactNode;
  readonly title: string;
  readonly isActive: boolean;
  readonly testId: string;
  readonly children: (close: () => void) => ReactNode;
}

export function Popover({ label, title, isActive, testId, children }: PopoverProps) {
  const [isOpen, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Esc closes this first; the console's own Esc (close panel…) waits for the next one.
      event.preventDefault();
      setOpen(false);
    };
    window.addEventListener('pointerdown', onPointerDown);
    // Capture, so this runs before the console's shortcut listener.
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, [isOpen]);

  return (
    <div className="popover" ref={root}>
      <button
        type="button"
        className={`filter-button${isActive ? ' is-active' : ''}${isOpen ? ' is-open' : ''}`}
        title={title}
        aria-expanded={isOpen}
        data-testid={testId}
        onClick={() => setOpen(!isOpen)}
      >
        {label}
        <svg viewBox="0 0 10 10" width="9" height="9" aria-hidden="true">
          <path d="M2 3.5 5 6.5 8 3.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
        </svg>
      </button>
      {isOpen && <div className="popover-panel">{children(() => setOpen(false))}</div>}
    </div>
  );
}
