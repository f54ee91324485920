/** "?": every keyboard shortcut, from the same table the keyboard handler is tested against. */
import { useConsoleStore } from '../store/store.js';
import { commandKeyLabel, shortcutGroups } from './shortcuts.js';

export function HelpOverlay() {
  const overlay = useConsoleStore((state) => state.overlay);
  const setOverlay = useConsoleStore((state) => state.setOverlay);
  if (overlay !== 'help') return null;
  const groups = shortcutGroups(commandKeyLabel(navigator.platform));
  return (
    <div className="overlay-backdrop" onMouseDown={(event) => event.target === event.currentTarget && setOverlay('none')}>
      <div className="help-overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="help-overlay">
        <header className="help-header">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="close-button" onClick={() => setOverlay('none')} title="Close (Esc)" aria-label="Close shortcuts">
            ×
          </button>
        </header>
        <div className="help-groups">
          {groups.map((group) => (
            <section key={group.title} className="help-group">
              <h3>{group.title}</h3>
              <dl>
                {group.shortcuts.map((shortcut) => (
                  <div key={shortcut.description} className="help-row">
                    <dt>
                      {shortcut.keys.map((sequence, alternative) => (
                        <span key={sequence.join('+')} className="help-keys">
                          {alternative > 0 && <span className="help-or">or</span>}
                          {sequence.map((key, step) => (
                            <span key={key}>
                              {step > 0 && <span className="help-then">{sequence[0] === 'g' ? 'then' : '+'}</span>}
                              <kbd>{key}</kbd>
                            </span>
                          ))}
                        </span>
                      ))}
                    </dt>
                    <dd>{shortcut.description}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <footer className="help-footer">Letters are ignored while typing in a field. Esc leaves the field.</footer>
      </div>
    </div>
  );
}
