/**
 * The device panel's Commands tab: the command bar for this kind of device and the operator's role, the
 * command being prepared (parameters, confirmation), what went wrong with a send, and the device's
 * commands with their live lifecycles.
 */
import { useState } from 'react';
import { COMMANDS, commandsFor, type Command, type CommandRequest, type CommandType } from '../../../shared/commands.js';
import type { DeviceDetail } from '../../../shared/device-detail.js';
import type { DeviceKind, DeviceStatus } from '../../../shared/fleet.js';
import { startReservation } from '../reservations/start-reservation.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { CallProblem, SendProblem } from './CallProblem.js';
import { CommandBar } from './CommandBar.js';
import { CommandDraft } from './CommandDraft.js';
import { CommandHistory } from './CommandHistory.js';
import { changeDraft, startDraft, submitDraft, type Draft } from './command-draft.js';
import type { FormContext } from './command-form.js';
import { commandName, confirmQuestion, offlineNotice } from './command-words.js';
import './commands.css';
import { useCommandHistory } from './use-command-history.js';
import { useKeyedCall } from './use-keyed-call.js';

interface CommandsTabProps {
  readonly controller: FleetController;
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly status: DeviceStatus;
  readonly detail: DeviceDetail | null;
  /** Server time. */
  readonly nowMs: number;
}

function formContext(detail: DeviceDetail | null): FormContext {
  if (detail?.kind !== 'chargePoint') return {};
  return {
    connectorIds: (detail.state?.connectors ?? []).map((connector) => connector.connectorId).filter((connectorId) => connectorId > 0),
    // Stop charging names the session under way: the newest still open.
    transactionId: detail.openTransactions?.[0]?.transactionId ?? null,
  };
}

export function CommandsTab({ controller, deviceId, kind, status, detail, nowMs }: CommandsTabProps) {
  const role = useConsoleStore((state) => state.session?.operator.role ?? null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [cancelProblem, setCancelProblem] = useState<string | null>(null);
  // Kept past the next click, so the command just sent stays open in the history.
  const [lastSentId, setLastSentId] = useState<string | null>(null);
  const book = controller.commands;
  const [call, sender] = useKeyedCall(
    (request: CommandRequest) => controller.request('command:send', request),
    (command: Command) => {
      book.upsert([command]);
      setLastSentId(command.id);
    },
  );
  const history = useCommandHistory(controller, deviceId);

  if (role === null) return null;
  const types = commandsFor(kind, role);
  const isOffline = status === 'offline';
  const context = formContext(detail);
  const isSending = call.phase === 'sending';

  const send = (type: CommandType, params: Readonly<Record<string, unknown>>) => {
    setDraft(null);
    void sender.send((idempotencyKey) => ({ deviceId, type, params: { ...params }, idempotencyKey }));
  };
  const apply = (step: ReturnType<typeof submitDraft>, type: CommandType) => {
    if (step.send) send(type, step.send);
    else setDraft(step.draft);
  };
  const choose = (type: CommandType) => {
    sender.reset();
    if (draft?.type === type) {
      setDraft(null);
      return;
    }
    apply(startDraft(type, context), type);
  };
  const cancelCommand = async (commandId: string) => {
    setCancelling(commandId);
    setCancelProblem(null);
    const answer = await controller.request('command:cancel', { commandId });
    setCancelling(null);
    if (answer.ok) book.upsert([answer.value]);
    else setCancelProblem(answer.error.message);
  };
  const connectorHint = context.connectorIds && context.connectorIds.length > 0 ? `It has ${context.connectorIds.length === 1 ? 'connector' : 'connectors'} ${context.connectorIds.join(', ')}.` : null;

  return (
    <div className="commands-tab" data-testid="commands-tab">
      {types.length === 0 && <p className="panel-empty">The {role} role may send no command to this device.</p>}
      <CommandBar
        types={types}
        role={role}
        isOffline={isOffline}
        activeType={draft?.type ?? null}
        isBusy={isSending}
        onChoose={choose}
        onReserve={() => startReservation(deviceId)}
      />
      {draft && (
        <CommandDraft
          // A new step is a new card, so that its first field or its confirm button takes the focus.
          key={`${draft.type} ${draft.step}`}
          type={draft.type}
          step={draft.step}
          values={draft.values}
          problems={draft.problems}
          question={draft.step === 'confirm' ? confirmQuestion(draft.type, draft.params ?? {}, deviceId) : null}
          notice={isOffline ? offlineNotice(draft.type, deviceId, nowMs) : null}
          isSending={isSending}
          idPrefix={`command-${deviceId}`}
          connectorHint={connectorHint}
          willConfirm={COMMANDS[draft.type].isDestructive}
          confirmLabel={COMMANDS[draft.type].label}
          onChange={(name, value) => setDraft(changeDraft(draft, name, value))}
          onSubmit={() => apply(submitDraft(draft), draft.type)}
          onCancel={() => setDraft(null)}
        />
      )}
      {call.phase === 'sending' && (
        <p className="command-sending" role="status">
          Sending {commandName(call.request.type, call.request.params ?? {})}…
        </p>
      )}
      <SendProblem call={call} sender={sender} />
      {cancelProblem && <CallProblem what="Not cancelled" message={cancelProblem} isRetryable={false} onRetry={() => undefined} onDismiss={() => setCancelProblem(null)} />}
      <CommandHistory
        commands={history.commands}
        nowMs={nowMs}
        isLoading={history.isLoading}
        error={history.error}
        lastSentId={lastSentId}
        onCancel={(commandId) => void cancelCommand(commandId)}
        cancellingId={cancelling}
      />
    </div>
  );
}
