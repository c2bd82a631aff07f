// The advisor API (/api/v1/advisor): checks by pillar, their latest results and flagged items, runs and exclusions.
import { del, enc, get, post } from './api';

export type AdvisorStatus = 'Red' | 'Yellow' | 'Green' | 'NotAvailable' | string;

export interface AdvisorItem {
  resourceId: string;
  status: AdvisorStatus;
  details: string;
  recommendedAction: string;
  monthlySaving?: number | null;
  currency?: string | null;
  /** The reason it was excluded, or null when it counts. */
  exclusionReason?: string | null;
}

export interface AdvisorCheck {
  id: string;
  pillar: string;
  name: string;
  description: string;
  criteria: string;
  status?: AdvisorStatus | null;
  summary?: string | null;
  lastRunAt?: string | null;
  flaggedCount: number;
  monthlySaving: number;
}

export interface AdvisorCheckResult {
  checkId: string;
  name: string;
  pillar: string;
  status: AdvisorStatus;
  summary: string;
  ranAt: string;
  monthlySaving: number;
  items: AdvisorItem[];
  excludedItems: AdvisorItem[];
}

export interface AdvisorPillarSummary {
  pillar: string;
  red: number;
  yellow: number;
  green: number;
  notAvailable: number;
  monthlySaving: number;
}

export interface AdvisorResults {
  pillars: AdvisorPillarSummary[];
  checks: AdvisorCheckResult[];
  monthlySaving: number;
}

export interface AdvisorExclusion {
  checkId: string;
  resourceId: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

const base = '/api/v1/advisor';

/** The six pillars in the order the server lists them, with their names in words. */
export const PILLARS: { id: string; label: string }[] = [
  { id: 'CostOptimization', label: 'Cost optimization' },
  { id: 'Performance', label: 'Performance' },
  { id: 'Security', label: 'Security' },
  { id: 'FaultTolerance', label: 'Fault tolerance' },
  { id: 'ServiceLimits', label: 'Service limits' },
  { id: 'OperationalExcellence', label: 'Operational excellence' },
];

export const pillarLabel = (id: string) => PILLARS.find(p => p.id === id)?.label ?? id;

export const listChecks = (signal?: AbortSignal) => get<{ checks: AdvisorCheck[] }>(`${base}/checks`, signal).then(r => r.checks ?? []);
export const getResults = (pillar?: string, signal?: AbortSignal) =>
  get<AdvisorResults>(`${base}/results${pillar ? `?pillar=${enc(pillar)}` : ''}`, signal);
export const getHistory = (checkId: string, signal?: AbortSignal) =>
  get<{ checkId: string; results: AdvisorCheckResult[] }>(`${base}/checks/${enc(checkId)}/history`, signal).then(r => r.results ?? []);
export const runAll = () => post<{ results: AdvisorCheckResult[] }>(`${base}/run`);
export const runCheck = (checkId: string) => post<{ results: AdvisorCheckResult[] }>(`${base}/checks/${enc(checkId)}/run`);
export const listExclusions = (signal?: AbortSignal) =>
  get<{ exclusions: AdvisorExclusion[] }>(`${base}/exclusions`, signal).then(r => r.exclusions ?? []);
export const excludeItem = (checkId: string, resourceId: string, reason: string) =>
  post<AdvisorExclusion>(`${base}/exclusions`, { checkId, resourceId, reason });
export const includeItem = (checkId: string, resourceId: string) =>
  del(`${base}/exclusions?checkId=${enc(checkId)}&resourceId=${enc(resourceId)}`);

/** A status in words: "Action needed", "Investigate", "OK", "Not available". */
export function statusText(s: AdvisorStatus | null | undefined): string {
  switch (s) {
    case 'Red': return 'Action needed';
    case 'Yellow': return 'Investigate';
    case 'Green': return 'OK';
    case null: case undefined: return 'Not run yet';
    default: return 'Not available';
  }
}

/** Red first, then yellow, green and the rest: the order a person works through them. */
export function statusRank(s: AdvisorStatus | null | undefined): number {
  return s === 'Red' ? 0 : s === 'Yellow' ? 1 : s === 'Green' ? 2 : 3;
}

/** Money as people read it: "EUR 1,234.50" (the currency code, as the server gives it). */
export function moneyText(amount: number | null | undefined, currency?: string | null): string {
  if (amount == null) return '–';
  const n = amount.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${currency} ${n}` : n;
}
