/**
 * The panel's tabs, keyboard-reachable the WAI-ARIA way: Tab reaches the selected tab, arrows, Home and
 * End move between tabs, and the tab panel below follows.
 */
import { useRef, type KeyboardEvent } from 'react';

export interface TabChoice<Id extends string> {
  readonly id: Id;
  readonly label: string;
}

interface PanelTabsProps<Id extends string> {
  readonly tabs: readonly TabChoice<Id>[];
  readonly selected: Id;
  readonly onSelect: (id: Id) => void;
  /** Prefix of the element ids that tie each tab to the panel it controls. */
  readonly idPrefix: string;
  readonly label: string;
}

export function tabId(idPrefix: string, id: string): string {
  return `${idPrefix}-tab-${id}`;
}

export function tabPanelId(idPrefix: string): string {
  return `${idPrefix}-tabpanel`;
}

export function PanelTabs<Id extends string>({ tabs, selected, onSelect, idPrefix, label }: PanelTabsProps<Id>) {
  const listRef = useRef<HTMLDivElement>(null);

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const position = tabs.findIndex((tab) => tab.id === selected);
    const target =
      event.key === 'ArrowRight' ? (position + 1) % tabs.length
      : event.key === 'ArrowLeft' ? (position - 1 + tabs.length) % tabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? tabs.length - 1
      : -1;
    const next = tabs[target];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    listRef.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(tabId(idPrefix, next.id))}`)?.focus();
  };

  return (
    <div className="panel-tabs" role="tablist" aria-label={label} ref={listRef} onKeyDown={move}>
      {tabs.map((tab) => {
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tabId(idPrefix, tab.id)}
            className="panel-tab"
            aria-selected={isSelected}
            aria-controls={tabPanelId(idPrefix)}
            tabIndex={isSelected ? 0 : -1}
            data-testid={`panel-tab-${tab.id}`}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
