// The audit trail's API (src/Crema.Server/Audit/AuditEndpoints.cs).
import { enc, get, post } from './api';

export interface AuditEvent {
  sequence: number; eventId: string; time: string; eventName: string; eventSource: string;
  identity: { userName?: string | null; accessKeyId?: string | null; authMethod: string; mfaUsed: boolean };
  sourceAddress?: string | null; userAgent?: string | null; requestParameters?: any; responseSummary?: any;
  statusCode?: number | null; errorCode?: string | null; errorMessage?: string | null; readOnly: boolean; dataEvent: boolean;
  resources: string[]; hash: string; previousHash: string;
}
export interface AuditQuery { from?: number; to?: number; eventName?: string; userName?: string; resource?: string; readOnly?: boolean; error?: boolean; limit?: number; nextToken?: string | null }
export interface Finding { kind: string; sequence?: number | null; eventId?: string | null; digestSequence?: number | null; message: string }
export interface VerifyReport { ok: boolean; eventsChecked: number; digestsChecked: number; eventsNotYetDigested: number; findings: Finding[] }
export interface Insight { id: number; eventName: string; kind: string; start: string; end?: string | null; baseline: number; observed: number; details: any }

export function lookupEvents(q: AuditQuery, signal?: AbortSignal) {
  const p = new URLSearchParams();
  if (q.from) p.set('from', new Date(q.from).toISOString());
  if (q.to) p.set('to', new Date(q.to).toISOString());
  if (q.eventName) p.set('eventName', q.eventName);
  if (q.userName) p.set('userName', q.userName);
  if (q.resource) p.set('resource', q.resource);
  if (q.readOnly !== undefined) p.set('readOnly', String(q.readOnly));
  if (q.error !== undefined) p.set('error', String(q.error));
  if (q.limit) p.set('limit', String(q.limit));
  if (q.nextToken) p.set('nextToken', q.nextToken);
  return get<{ events: AuditEvent[]; nextToken: string | null }>(`/api/v1/audit/events?${p}`, signal);
}

export function verifyTrail(from?: number, to?: number) {
  const p = new URLSearchParams();
  if (from) p.set('from', new Date(from).toISOString());
  if (to) p.set('to', new Date(to).toISOString());
  return post<VerifyReport>(`/api/v1/audit/verify${p.toString() ? `?${p}` : ''}`);
}

export const signDigestNow = () => post<{ digestSequence: number; eventCount: number }>('/api/v1/audit/digests');
export const listDigests = () => get<{ digests: any[] }>('/api/v1/audit/digests').then(r => r.digests ?? []);
export const listInsights = (from: number, to: number, signal?: AbortSignal) =>
  get<{ insights: Insight[] }>(`/api/v1/audit/insights?from=${enc(new Date(from).toISOString())}&to=${enc(new Date(to).toISOString())}`, signal).then(r => r.insights ?? []);
