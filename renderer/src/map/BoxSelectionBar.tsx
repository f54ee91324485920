/** "1,204 selected · Command… · Clear (Esc)": the box selection, shown while there is one (Esc is wired in use-shortcuts). */
import { BulkCommandButton } from '../commands/BulkCommandButton.js';
import { useConsoleStore } from '../store/store.js';
import { formatCount } from '../ui/format.js';

export function BoxSelectionBar() {
  const count = useConsoleStore((state) => state.boxSelection.length);
  const setBoxSelection = useConsoleStore((state) => state.setBoxSelection);
  if (count === 0) return null;
  return (
    <div className="map-chip box-selection-bar" data-testid="box-selection-bar" data-count={count}>
      <span>
        <strong>{formatCount(count)}</strong> selected
      </span>
      <span className="map-chip-separator" aria-hidden="true">
        ·
      </span>
      <BulkCommandButton
        className="map-chip-button"
        title="Send one command to the selected devices"
        testId="box-selection-command"
        resolve={() => ({ description: 'The box selection', deviceIds: useConsoleStore.getState().boxSelection })}
      />
      <button type="button" className="map-chip-button" onClick={() => setBoxSelection([])}>
        Clear <kbd>Esc</kbd>
      </button>
    </div>
  );
}
