// Users, roles, API keys and the caller's own password and MFA (src/Crema.Server/Security).
import { del, enc, get, post, put, api } from './api';

export interface User {
  userName: string; isRoot: boolean; disabled: boolean; roles: string[]; mfaEnabled: boolean; hasPassword: boolean;
  createdAt: string; passwordChangedAt?: string | null; lastSignInAt?: string | null; lockedUntil?: string | null; apiKeys: number;
}
export interface Statement { effect?: string; actions?: string[]; resources?: string[] }
export interface Role { name: string; description: string; builtIn: boolean; statements: Statement[] }
export interface ApiKey {
  accessKeyId: string; userName: string; description?: string | null; role?: string | null; status: string; createdAt: string;
  expiresAt?: string | null; lastUsedAt?: string | null; lastUsedFrom?: string | null; rotatedFrom?: string | null;
}
export interface CreatedKey { key: ApiKey; secretAccessKey: string }

export const listUsers = () => get<{ users: User[] }>('/api/v1/users').then(r => r.users ?? []);
export const createUser = (userName: string, password: string, roles: string[]) => post<User>('/api/v1/users', { userName, password: password || undefined, roles });
export const updateUser = (userName: string, change: { roles?: string[]; disabled?: boolean; password?: string }) => api<User>('PATCH', `/api/v1/users/${enc(userName)}`, change);
export const deleteUser = (userName: string) => del(`/api/v1/users/${enc(userName)}`);
export const resetUserMfa = (userName: string) => post(`/api/v1/users/${enc(userName)}/reset-mfa`);

export const listRoles = () => get<{ roles: Role[] }>('/api/v1/roles').then(r => r.roles ?? []);
export const createRole = (body: unknown) => post<Role>('/api/v1/roles', body);
export const updateRole = (name: string, body: unknown) => put<Role>(`/api/v1/roles/${enc(name)}`, body);
export const deleteRole = (name: string) => del(`/api/v1/roles/${enc(name)}`);

export const listKeys = (opts: { all?: boolean; userName?: string } = {}) =>
  get<{ keys: ApiKey[] }>(`/api/v1/keys${opts.all ? '?all=true' : opts.userName ? `?userName=${enc(opts.userName)}` : ''}`).then(r => r.keys ?? []);
export const createKey = (body: { userName?: string; description?: string; role?: string; expiresAt?: string }) => post<CreatedKey>('/api/v1/keys', body);
export const updateKey = (id: string, change: { status?: string; description?: string }) => api<ApiKey>('PATCH', `/api/v1/keys/${enc(id)}`, change);
export const rotateKey = (id: string) => post<CreatedKey>(`/api/v1/keys/${enc(id)}/rotate`);
export const deleteKey = (id: string) => del(`/api/v1/keys/${enc(id)}`);

export const changePassword = (currentPassword: string, newPassword: string) => post('/api/v1/auth/password', { currentPassword, newPassword });
export const enrollMfa = () => post<{ secret: string; otpauthUri: string; qrSvg: string }>('/api/v1/auth/mfa/enroll');
export const activateMfa = (code: string) => post<{ recoveryCodes: string[] }>('/api/v1/auth/mfa/activate', { code });
export const deactivateMfa = (code: string) => post('/api/v1/auth/mfa/deactivate', { code });
