/**
 * One command to many devices: pick a command that fits the selection (only kinds present in it, only
 * what the role may send), its parameters, then a confirmation that states the count. Devices of the
 * other kind are counted out and said so; more than a bulk command may address is refused before
 * anything is sent. Once sent, the store keeps it and the progress takes over.
 */
import { useMemo, useState } from 'react';
import { COMMANDS, MAX_BULK_DEVICES, type BulkCommand, type BulkCommandRequest, type CommandType } from '../../../shared/commands.js';
import type { OperatorRole } from '../../../shared/fleet.js';
import type { BulkTarget } from '../store/commands-slice.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { formatCount, formatDuration } from '../ui/format.js';
import { BulkChoices } from './BulkChoices.js';
import { SendProblem } from './CallProblem.js';
import { CommandDraft } from './CommandDraft.js';
import { bulkChoices, offlineCount, splitByKind, targetsOf } from './bulk-selection.js';
import { changeDraft, startDraft, submitDraft, type Draft } from './command-draft.js';
import { KIND_WORDS, bulkQuestion, countOf } from './command-words.js';
import { DialogFrame } from './DialogFrame.js';
import { useKeyedCall } from './use-keyed-call.js';

interface BulkCommandDialogProps {
  readonly controller: FleetController;
  readonly target: BulkTarget;
  readonly role: OperatorRole;
  readonly onClose: () => void;
}

/** Said before sending: who is left out, who is offline and what that means for this command. */
function notices(type: CommandType, leftOut: number, offline: number): string | null {
  const spec = COMMANDS[type];
  const otherKind = spec.kind === 'car' ? 'chargePoint' : 'car';
  const parts: string[] = [];
  if (leftOut > 0) parts.push(`${countOf(leftOut, otherKind)} left out: ${spec.label} is for ${KIND_WORDS[spec.kind].many}.`);
  if (offline > 0) {
    const are = `${formatCount(offline)} of them ${offline === 1 ? 'is' : 'are'} offline`;
    parts.push(
      spec.queue === 'never'
        ? `${are}: ${spec.label} fails there at once, as it is never kept for later.`
        : `${are}: ${spec.label} waits for ${offline === 1 ? 'it' : 'them'} up to ${formatDuration(spec.expiresAfterMs)}, then expires.`,
    );
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

export function BulkCommandDialog({ controller, target, role, onClose }: BulkCommandDialogProps) {
  const model = controller.model;
  const split = useMemo(() => splitByKind(model, target.deviceIds), [model, target]);
  const choices = bulkChoices(split, role);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tooMany, setTooMany] = useState<string | null>(null);
  const [call, sender] = useKeyedCall(
    (request: BulkCommandRequest) => controller.request('command:bulk', request),
    (answer: BulkCommand, request: BulkCommandRequest) => {
      controller.commands.upsert(answer.commands);
      const { type, params = {} } = request;
      useConsoleStore.getState().noteBulkSent({ batchId: answer.batchId, type, params, targetDescription: target.description, refused: answer.refused, sentAtMs: Date.now() + controller.model.serverOffsetMs });
    },
  );

  const choose = (type: CommandType) => {
    sender.reset();
    const { deviceIds } = targetsOf(split, type);
    if (deviceIds.length > MAX_BULK_DEVICES) {
      setDraft(null);
      setTooMany(
        `${countOf(deviceIds.length, COMMANDS[type].kind)} are more than one bulk command may address (${formatCount(MAX_BULK_DEVICES)}). Narrow the selection, by station or by filters, and send it in parts.`,
      );
      return;
    }
    setTooMany(null);
    setDraft(startDraft(type, {}, true).draft);
  };

  const send = (type: CommandType, params: Readonly<Record<string, unknown>>) => {
    const { deviceIds } = targetsOf(split, type);
    void sender.send((idempotencyKey) => ({ deviceIds: [...deviceIds], type, params: { ...params }, idempotencyKey }));
  };

  const selected = draft ? targetsOf(split, draft.type) : null;
  const total = split.car.length + split.chargePoint.length;
  const title = `Command ${formatCount(total)} ${total === 1 ? 'device' : 'devices'}`;
  return (
    <DialogFrame title={title} testId="bulk-dialog" onClose={onClose}>
      <p className="bulk-target" data-testid="bulk-target">
        {target.description}:{' '}
        {choices.map((choice) => countOf(choice.count, choice.kind)).join(' and ') || 'no device the console knows'}
      </p>
      <BulkChoices choices={choices} activeType={draft?.type ?? null} onChoose={choose} />
      {tooMany && (
        <p className="command-problem" role="alert" data-testid="bulk-too-many">
          {tooMany}
        </p>
      )}
      {draft && selected && (
        <CommandDraft
          key={`${draft.type} ${draft.step}`}
          type={draft.type}
          step={draft.step}
          values={draft.values}
          problems={draft.problems}
          question={draft.step === 'confirm' ? `${bulkQuestion(draft.type, draft.params ?? {}, selected.deviceIds.length)}?` : null}
          notice={notices(draft.type, selected.leftOut, offlineCount(model, selected.deviceIds))}
          isSending={call.phase === 'sending'}
          idPrefix="bulk-command"
          willConfirm
          confirmLabel={bulkQuestion(draft.type, draft.params ?? {}, selected.deviceIds.length)}
          onChange={(name, value) => setDraft(changeDraft(draft, name, value))}
          onSubmit={() => {
            const step = submitDraft(draft, true);
            if (step.send) send(draft.type, step.send);
            else setDraft(step.draft);
          }}
          onCancel={() => setDraft(null)}
        />
      )}
      <SendProblem call={call} sender={sender} />
    </DialogFrame>
  );
}
