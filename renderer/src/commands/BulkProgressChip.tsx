/** On the map while the latest bulk command's progress is closed: how it goes, and a way back to it. */
import { COMMANDS } from '../../../shared/commands.js';
import { useConsoleStore } from '../store/store.js';
import { useRevision } from '../sync/use-revision.js';
import { bulkProgress, progressSummary } from './bulk-progress.js';
import { commandBook } from './command-book.js';
import { commandName, countOf } from './command-words.js';
import './bulk-commands.css';

export function BulkProgressChip() {
  const latest = useConsoleStore((state) => state.latestBulk);
  const isHidden = useConsoleStore((state) => state.isBulkProgressOpen || state.bulkTarget !== null);
  useRevision(commandBook);
  if (!latest || isHidden) return null;
  const progress = bulkProgress(commandBook.forBatch(latest.batchId), latest.refused);
  return (
    <div className={`map-chip bulk-chip${progress.isFinished ? ' is-finished' : ''}`} data-testid="bulk-chip">
      <span>
        <strong>{commandName(latest.type, latest.params)}</strong> · {countOf(progress.total, COMMANDS[latest.type].kind)}: {progressSummary(progress.counts)}
      </span>
      <button type="button" className="map-chip-button" data-testid="bulk-chip-show" onClick={() => useConsoleStore.getState().showBulkProgress()}>
        {progress.isFinished ? 'Details' : 'Progress'}
      </button>
      <button type="button" className="map-chip-button" aria-label="Forget this bulk command" title="Forget this bulk command" onClick={() => useConsoleStore.getState().forgetBulk()}>
        ×
      </button>
    </div>
  );
}
