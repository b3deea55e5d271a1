import { createContext, useContext } from 'react';
import type { ColorScheme, EventPayload, Language, User } from '@contract';

export type EndReason = EventPayload<'session.ended'>['reason'];

export type Phase =
  | { name: 'starting' }
  | { name: 'setup' }
  | { name: 'login'; notice: EndReason | null }
  | { name: 'app'; user: User };

export interface Session {
  phase: Phase;
  /** Signed-in user, or null on the first-run and login screens. */
  user: User | null;
  /** Called by the login and first-run screens once the engine accepted them. */
  signedIn(user: User): void;
  logout(): Promise<void>;
  /** Saved per user when signed in; on this computer otherwise. */
  setLanguage(language: Language): void;
  setColorScheme(scheme: ColorScheme): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** For pages that only render inside the shell. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser outside a signed-in shell');
  return user;
}
