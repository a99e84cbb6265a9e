import type { Role } from '@lq/contracts';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthorized, request, setCsrfToken } from '../shared/api';
import type { Me } from '../shared/types';

type Status = 'loading' | 'anonymous' | 'authenticated';
export type LogoutReason = 'expired' | 'loggedOut' | null;

interface AuthValue {
  status: Status;
  me: Me | null;
  /** why the user landed on the login page (shown there once) */
  reason: LogoutReason;
  clearReason: () => void;
  login: (username: string, password: string, totp?: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

interface MeResponse {
  user: Me;
  csrfToken: string;
}

/**
 * Forget what the previous user could see when the session changes. Public data (the deployment's
 * titles, public lists: query keys starting with 'public') is the same for everyone and stays, so
 * the login page keeps the county's name instead of losing it to the anonymous /me probe.
 */
function clearUserData(qc: QueryClient) {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'public' });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [reason, setReason] = useState<LogoutReason>(null);

  const becomeAnonymous = useCallback(
    (why: LogoutReason) => {
      setCsrfToken(null);
      setMe(null);
      setStatus('anonymous');
      setReason(why);
      clearUserData(qc);
    },
    [qc],
  );

  const refresh = useCallback(async () => {
    try {
      const r = await request<MeResponse>('GET', '/auth/me', { quiet401: true });
      setCsrfToken(r.csrfToken);
      setMe(r.user);
      setStatus('authenticated');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        becomeAnonymous(e.code === 'SESSION_EXPIRED' ? 'expired' : null);
      } else {
        // server down: still show the login page, it will show the error on submit
        becomeAnonymous(null);
      }
    }
  }, [becomeAnonymous]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    // any 401 in the middle of a session means the session ended (idle timeout, revoked, restarted)
    onUnauthorized(() => becomeAnonymous('expired'));
    return () => onUnauthorized(null);
  }, [becomeAnonymous]);

  const login = useCallback(
    async (username: string, password: string, totp?: string) => {
      const r = await request<MeResponse>('POST', '/auth/login', {
        body: totp ? { username, password, totp } : { username, password },
        quiet401: true,
      });
      clearUserData(qc);
      setCsrfToken(r.csrfToken);
      setMe(r.user);
      setReason(null);
      setStatus('authenticated');
      return r.user;
    },
    [qc],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch {
      /* the session may already be gone */
    }
    becomeAnonymous('loggedOut');
  }, [becomeAnonymous]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      me,
      reason,
      clearReason: () => setReason(null),
      login,
      logout,
      refresh,
      hasRole: (...roles: Role[]) => !!me && me.roles.some((r) => roles.includes(r)),
    }),
    [status, me, reason, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
