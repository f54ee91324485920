import { useEffect } from 'react';

/**
 * Esc, wherever the focus is, calls `onEscape` and goes no further while `isActive`: listened to in the
 * capture phase, so a dialog's Esc runs before the console's own (close the panel), which waits for the
 * next one.
 */
export function useEscape(onEscape: () => void, isActive = true): void {
  useEffect(() => {
    if (!isActive) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      onEscape();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [onEscape, isActive]);
}
