import type { Role } from '../schema/vocabulary';

/** The signed-in caller, as the guard resolved it from the token and the database. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** New-era province code; null = national. */
  provinceCode: string | null;
}

/** What a use case needs to know about the request: who asks, and the id that ties logs and events together. */
export interface RequestContext {
  user: AuthUser;
  requestId: string;
}

/** A system actor for CLI commands and start-up work. */
export const systemContext = (requestId = 'system'): RequestContext => ({
  user: { id: '00000000-0000-0000-0000-000000000000', username: 'system', role: 'admin', provinceCode: null },
  requestId,
});

export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';
