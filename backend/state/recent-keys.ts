/**
 * A bounded memory of the messages a device sent recently, so that a re-delivered one is recorded once.
 * Numbered messages are kept as a sliding window of bits per boot (the last WINDOW sequence numbers
 * below the highest seen, for the last few boots): a few dozen bytes a device, whatever its rate.
 * OCPP messages have no number; their unique message ids are kept in a short ring, per connection.
 * What is older than the window is not known here: the history table's unique index decides.
 */

const WINDOW = 256;
const BOOTS = 4;
const MESSAGE_IDS = 64;

interface BootWindow {
  readonly bootId: string;
  highest: number;
  /** Bit `sequence % WINDOW` is set when that sequence was seen. */
  readonly bits: Uint8Array;
}

function isSet(bits: Uint8Array, sequence: number): boolean {
  const slot = sequence % WINDOW;
  return ((bits[slot >> 3] ?? 0) & (1 << (slot & 7))) !== 0;
}

function setBit(bits: Uint8Array, sequence: number, value: boolean): void {
  const slot = sequence % WINDOW;
  const byte = bits[slot >> 3] ?? 0;
  bits[slot >> 3] = value ? byte | (1 << (slot & 7)) : byte & ~(1 << (slot & 7));
}

export interface MessageKey {
  readonly bootId: string | null;
  readonly sequence: number | null;
  readonly messageId?: string | null;
}

export class RecentKeys {
  readonly #boots: BootWindow[] = [];
  readonly #messageIds: string[] = [];

  /** Whether the message was seen already; remembers it if not. */
  isRepeat(key: MessageKey): boolean {
    if (key.messageId) return this.#isRepeatedId(`${key.bootId ?? ''}\u0000${key.messageId}`);
    if (key.bootId === null || key.sequence === null) return false;
    return this.#isRepeatedSequence(key.bootId, key.sequence);
  }

  #isRepeatedId(id: string): boolean {
    if (this.#messageIds.includes(id)) return true;
    this.#messageIds.push(id);
    if (this.#messageIds.length > MESSAGE_IDS) this.#messageIds.shift();
    return false;
  }

  #isRepeatedSequence(bootId: string, sequence: number): boolean {
    let boot = this.#boots.find((candidate) => candidate.bootId === bootId);
    if (!boot) {
      boot = { bootId, highest: sequence, bits: new Uint8Array(WINDOW / 8) };
      this.#boots.push(boot);
      if (this.#boots.length > BOOTS) this.#boots.shift();
      setBit(boot.bits, sequence, true);
      return false;
    }
    if (sequence > boot.highest) {
      // The numbers skipped on the way up have not been seen (yet).
      const skipped = Math.min(sequence - boot.highest, WINDOW);
      for (let step = 1; step <= skipped; step++) setBit(boot.bits, boot.highest + step, false);
      boot.highest = sequence;
      setBit(boot.bits, sequence, true);
      return false;
    }
    if (boot.highest - sequence >= WINDOW) return false;
    if (isSet(boot.bits, sequence)) return true;
    setBit(boot.bits, sequence, true);
    return false;
  }
}
