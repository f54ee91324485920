import type { LoginAnswer, OperatorIdentity } from '../../../shared/console-api.js';
import type { StoreSlice } from './types.js';

export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly operator: OperatorIdentity;
}

export interface SessionSlice {
  readonly session: Session | null;
  /** Why the operator is on the login screen (session expired, token refused), shown there. */
  readonly loginNotice: string | null;
  signIn(answer: LoginAnswer): void;
  signOut(notice?: string): void;
  setOperator(operator: OperatorIdentity): void;
}

export const createSessionSlice: StoreSlice<SessionSlice> = (set) => ({
  session: null,
  loginNotice: null,
  signIn: (answer) => set({ session: { token: answer.token, expiresAt: answer.expiresAt, operator: answer.operator }, loginNotice: null }),
  signOut: (notice) => set({ session: null, loginNotice: notice ?? null, selectedDeviceId: null, selectedStationId: null, boxSelection: [], isFollowing: false }),
  setOperator: (operator) => set((state) => (state.session ? { session: { ...state.session, operator } } : {})),
});
