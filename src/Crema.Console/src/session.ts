// The signed-in user (cookie session) and the CSRF token its changes need.
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from './api';
import { createStore } from './store';

export interface WhoAmI {
  userName: string;
  isRoot: boolean;
  roles: string[];
  authMethod: string;
  mfaUsed: boolean;
  mfaEnabled: boolean;
  csrfToken: string | null;
  sessionExpiresAt: string | null;
}

/** undefined while loading, null when signed out. */
export const session = createStore<WhoAmI | null | undefined>(undefined);

setUnauthorizedHandler(() => {
  setCsrfToken(null);
  session.set(null);
});

export async function loadSession() {
  try {
    const me = await api<WhoAmI>('GET', '/api/v1/auth/session', undefined, { quiet401: true });
    setCsrfToken(me.csrfToken);
    session.set(me);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) session.set(null);
    else throw e;
  }
}

/** Signs in; throws ApiError with code "MfaRequired" when the account needs a code. */
export async function signIn(userName: string, password: string, code?: { totpCode?: string; recoveryCode?: string }) {
  const r = await api<{ csrfToken: string }>('POST', '/api/v1/auth/sign-in', { userName, password, ...code }, { quiet401: true });
  setCsrfToken(r.csrfToken);
  await loadSession();
}

export async function signOut() {
  try {
    await api('POST', '/api/v1/auth/sign-out', {}, { quiet401: true });
  } finally {
    setCsrfToken(null);
    session.set(null);
  }
}
