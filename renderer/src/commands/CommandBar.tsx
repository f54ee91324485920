/**
 * The commands the operator's role may send to this kind of device, one button each, in the catalogue's
 * order, and "Reserve…". While the device is offline, the commands that would fail at once say so.
 */
import { COMMANDS, RESERVATION_ROLES, type CommandType } from '../../../shared/commands.js';
import type { OperatorRole } from '../../../shared/fleet.js';
import { hasParameters } from './command-form.js';
import { policyWords } from './command-words.js';

interface CommandBarProps {
  readonly types: readonly CommandType[];
  readonly role: OperatorRole;
  readonly isOffline: boolean;
  /** The command being prepared, shown pressed. */
  readonly activeType: CommandType | null;
  readonly isBusy: boolean;
  readonly onChoose: (type: CommandType) => void;
  readonly onReserve: () => void;
}

export function CommandBar({ types, role, isOffline, activeType, isBusy, onChoose, onReserve }: CommandBarProps) {
  const neverQueued = types.filter((type) => COMMANDS[type].queue === 'never');
  return (
    <div className="command-bar-block">
      {isOffline && neverQueued.length > 0 && (
        <p className="command-offline" data-testid="command-offline">
          Offline. Commands marked <span className="command-fails-mark">fails now</span> are never kept for later, so that nothing fires when the device comes back; the others wait for it.
        </p>
      )}
      <div className="command-bar" role="toolbar" aria-label="Commands" data-testid="command-bar">
        {types.map((type) => {
          const spec = COMMANDS[type];
          const failsNow = isOffline && spec.queue === 'never';
          const title = [spec.isDestructive ? 'Asks for a confirmation.' : null, policyWords(type)].filter(Boolean).join(' ');
          return (
            <button
              key={type}
              type="button"
              className={`command-button${spec.isDestructive ? ' is-destructive' : ''}${failsNow ? ' fails-now' : ''}`}
              aria-pressed={activeType === type}
              disabled={isBusy}
              title={title}
              data-testid={`command-${type}`}
              onClick={() => onChoose(type)}
            >
              <span>
                {spec.label}
                {(hasParameters(type) || spec.isDestructive) && '…'}
              </span>
              {failsNow && <span className="command-fails-mark">fails now</span>}
            </button>
          );
        })}
        {RESERVATION_ROLES.includes(role) && (
          <button type="button" className="command-button is-reserve" data-testid="command-reserve" title="Open the reservations view with a new reservation for this device" onClick={onReserve}>
            Reserve…
          </button>
        )}
      </div>
    </div>
  );
}
