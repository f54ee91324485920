import type { StateCreator } from 'zustand';
import type { ConsoleState } from './store.js';

/** A slice sees the whole store (an action may reset another slice's field) but creates only its part. */
export type StoreSlice<Slice> = StateCreator<ConsoleState, [], [], Slice>;
