/**
 * The one sound the console makes (CONSOLE.md: only critical alarms may): two soft sine notes, a fourth
 * apart, under half a second, synthesised with WebAudio so there is no file to ship or fail to load.
 */

/** The notes: E5 then A5, each faded in and out so that nothing clicks. */
export const TONE_NOTES: readonly { readonly frequencyHz: number; readonly startS: number; readonly lengthS: number }[] = [
  { frequencyHz: 659.25, startS: 0, lengthS: 0.18 },
  { frequencyHz: 880, startS: 0.2, lengthS: 0.26 },
];
/** Quiet: heard in a control room, not startling. */
const PEAK_GAIN = 0.12;
const ATTACK_S = 0.015;
/** Tones closer together than this are one: a burst of changes makes one sound. */
export const TONE_GAP_S = 1.5;

/** The parts of WebAudio used here; AudioContext satisfies them, and tests record what is played. */
export interface ToneParam {
  setValueAtTime(value: number, timeS: number): unknown;
  linearRampToValueAtTime(value: number, timeS: number): unknown;
  exponentialRampToValueAtTime(value: number, timeS: number): unknown;
}
export interface ToneNode {
  connect(destination: ToneNode): unknown;
}
export interface ToneOscillator extends ToneNode {
  type: OscillatorType;
  readonly frequency: ToneParam;
  start(whenS: number): void;
  stop(whenS: number): void;
}
export interface ToneContext {
  readonly currentTime: number;
  readonly state: AudioContextState;
  readonly destination: ToneNode;
  resume(): Promise<void>;
  createOscillator(): ToneOscillator;
  createGain(): ToneNode & { readonly gain: ToneParam };
}

export interface AlarmSound {
  play(): void;
}

function browserContext(): ToneContext | null {
  return typeof AudioContext === 'undefined' ? null : new AudioContext();
}

/** The context is made on the first play: browsers start it only after the page had a click (the login). */
export function createAlarmSound(createContext: () => ToneContext | null = browserContext): AlarmSound {
  let context: ToneContext | null = null;
  let lastStartS = -Infinity;
  return {
    play() {
      context ??= createContext();
      if (!context) return;
      if (context.state === 'suspended') context.resume().catch(() => undefined);
      const nowS = context.currentTime;
      if (nowS - lastStartS < TONE_GAP_S) return;
      lastStartS = nowS;
      for (const note of TONE_NOTES) {
        const startS = nowS + note.startS;
        const endS = startS + note.lengthS;
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.setValueAtTime(note.frequencyHz, startS);
        gain.gain.setValueAtTime(0, startS);
        gain.gain.linearRampToValueAtTime(PEAK_GAIN, startS + ATTACK_S);
        gain.gain.exponentialRampToValueAtTime(0.0001, endS);
        oscillator.connect(gain);
        gain.connect(context.destination);
        oscillator.start(startS);
        oscillator.stop(endS + 0.02);
      }
    },
  };
}
