/**
 * The frame of the bulk dialogs, above everything: a title, a close button, Esc to close. Keys pressed
 * in it stay in it (the console's single-key shortcuts would act on the map behind it), and the focus
 * goes back where it was when it closes.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface DialogFrameProps {
  readonly title: string;
  readonly testId: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly className?: string;
}

export function DialogFrame({ title, testId, onClose, children, className = '' }: DialogFrameProps) {
  const frame = useRef<HTMLDivElement>(null);
  // The latest onClose, so that the effect below runs once: re-running it would move the focus.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!frame.current?.contains(document.activeElement)) frame.current?.focus();
    // Esc with the focus outside the dialog (after a click on the page behind): close it, and only it.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || (event.target instanceof Node && frame.current?.contains(event.target))) return;
      event.preventDefault();
      event.stopPropagation();
      close.current();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      if (before?.isConnected) before.focus();
    };
  }, []);

  return createPortal(
    <div className="overlay-backdrop command-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={frame}
        className={`command-dialog ${className}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        data-testid={testId}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape' && !event.defaultPrevented) {
            event.preventDefault();
            onClose();
          }
        }}
      >
        <header className="command-dialog-header">
          <h2>{title}</h2>
          <button type="button" className="close-button" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="command-dialog-body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
