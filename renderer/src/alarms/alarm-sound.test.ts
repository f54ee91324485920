import { describe, expect, it } from 'vitest';
import { createAlarmSound, TONE_GAP_S, TONE_NOTES } from './alarm-sound.js';
import type { ToneContext, ToneNode, ToneParam } from './alarm-sound.js';

/** An AudioContext that records what would be played, on a clock the test moves. */
function fakeContext(state: AudioContextState = 'running') {
  const played: { frequencyHz: number; startS: number; stopS: number }[] = [];
  const gains: number[][] = [];
  let resumes = 0;
  const param = (): ToneParam & { values: number[] } => {
    const values: number[] = [];
    return {
      values,
      setValueAtTime: (value) => values.push(value),
      linearRampToValueAtTime: (value) => values.push(value),
      exponentialRampToValueAtTime: (value) => values.push(value),
    };
  };
  const destination: ToneNode = { connect: () => undefined };
  const context: ToneContext & { currentTime: number } = {
    currentTime: 10,
    state,
    destination,
    resume: async () => void (resumes += 1),
    createOscillator: () => {
      const frequency = param();
      const entry = { frequencyHz: 0, startS: 0, stopS: 0 };
      played.push(entry);
      return {
        type: 'square',
        frequency,
        connect: () => {
          entry.frequencyHz = frequency.values[0] ?? 0;
        },
        start: (whenS) => void (entry.startS = whenS),
        stop: (whenS) => void (entry.stopS = whenS),
      };
    },
    createGain: () => {
      const gain = param();
      gains.push(gain.values);
      return { gain, connect: () => undefined };
    },
  };
  return { context, played, gains, resumes: () => resumes };
}

describe('the alarm tone', () => {
  it('plays its short, quiet notes from now, and once for a burst of calls', () => {
    const { context, played, gains } = fakeContext();
    const sound = createAlarmSound(() => context);
    sound.play();
    sound.play();
    expect(played.map((note) => [note.frequencyHz, note.startS])).toEqual(TONE_NOTES.map((note) => [note.frequencyHz, 10 + note.startS]));
    expect(Math.max(...played.map((note) => note.stopS)) - 10).toBeLessThan(0.6);
    // Each note fades in from silence and out to (nearly) silence, never loud.
    for (const values of gains) {
      expect(values[0]).toBe(0);
      expect(Math.max(...values)).toBeLessThanOrEqual(0.15);
      expect(values.at(-1)).toBeLessThan(0.001);
    }
    context.currentTime = 10 + TONE_GAP_S;
    sound.play();
    expect(played).toHaveLength(TONE_NOTES.length * 2);
  });

  it('wakes a suspended context, makes it only when first needed, and is quiet without WebAudio', () => {
    const { context, resumes } = fakeContext('suspended');
    let made = 0;
    const sound = createAlarmSound(() => {
      made += 1;
      return context;
    });
    expect(made).toBe(0);
    sound.play();
    expect(made).toBe(1);
    expect(resumes()).toBe(1);
    expect(() => createAlarmSound(() => null).play()).not.toThrow();
  });
});
