// The scaling API (/api/v1/scaling): targets, policies, scheduled actions and activities, and their shapes.
import { enc, get, post } from './api';
import type { Dimension, MetricQuery } from './charts/data';

export interface SuspendedState {
  dynamicScalingInSuspended?: boolean | null;
  dynamicScalingOutSuspended?: boolean | null;
  scheduledScalingSuspended?: boolean | null;
}

export interface ScalableTarget {
  name: string;
  description?: string | null;
  minCapacity: number;
  maxCapacity: number;
  desiredCapacity: number;
  actualCapacity?: number | null;
  capacityUnit: string;
  scaleInProtected: boolean;
  suspendedState: SuspendedState;
  actuator?: { type?: string; url?: string; command?: string; timeoutSeconds?: number } | null;
  failedAttempts: number;
  nextRetryAt?: string | null;
  policies: string[];
  scheduledActions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ScalingMetric {
  namespace?: string | null;
  metricName?: string | null;
  dimensions?: Dimension[] | null;
  statistic?: string | null;
  unit?: string | null;
  label?: string | null;
  metrics?: { id: string; label?: string; expression?: string; returnData?: boolean; period?: number; metricStat?: { metric: { namespace: string; metricName: string; dimensions?: Dimension[] }; stat?: string; period?: number; unit?: string } }[] | null;
}

export interface TargetTracking {
  metric?: ScalingMetric | null;
  targetValue?: number | null;
  scaleOutCooldown?: number | null;
  scaleInCooldown?: number | null;
  warmup?: number | null;
  disableScaleIn?: boolean | null;
  period?: number | null;
}

export interface StepScaling {
  alarmName?: string | null;
  adjustmentType?: string | null;
  stepAdjustments?: { metricIntervalLowerBound?: number | null; metricIntervalUpperBound?: number | null; scalingAdjustment?: number | null }[] | null;
  minAdjustmentMagnitude?: number | null;
  cooldown?: number | null;
  metricAggregationType?: string | null;
}

export interface ScalingPolicy {
  targetName: string;
  policyName: string;
  policyType: string;
  targetTracking?: TargetTracking | null;
  stepScaling?: StepScaling | null;
  alarms: { alarmName: string; managed: boolean; stateValue: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface ScheduledAction {
  targetName: string;
  name: string;
  schedule: string;
  timeZone: string;
  startTime?: string | null;
  endTime?: string | null;
  minCapacity?: number | null;
  maxCapacity?: number | null;
  desiredCapacity?: number | null;
  nextRunAt?: string | null;
  lastRunAt?: string | null;
}

export interface ScalingActivity {
  activityId: string;
  targetName: string;
  kind: string;
  policyName?: string | null;
  fromCapacity: number;
  toCapacity: number;
  cause: string;
  status: string;
  statusMessage?: string | null;
  attempt: number;
  startTime: string;
  endTime?: string | null;
}

export interface SuspendKinds { dynamicScalingIn?: boolean; dynamicScalingOut?: boolean; scheduledScaling?: boolean }

const base = '/api/v1/scaling';

export const listTargets = (signal?: AbortSignal) => get<{ targets: ScalableTarget[] }>(`${base}/targets`, signal).then(r => r.targets ?? []);
export const getTarget = (name: string, refresh = false, signal?: AbortSignal) =>
  get<ScalableTarget>(`${base}/targets/${enc(name)}${refresh ? '?refresh=true' : ''}`, signal);
export const listPolicies = (name: string, signal?: AbortSignal) =>
  get<{ policies: ScalingPolicy[] }>(`${base}/targets/${enc(name)}/policies`, signal).then(r => r.policies ?? []);
export const listActions = (name: string, signal?: AbortSignal) =>
  get<{ scheduledActions: ScheduledAction[] }>(`${base}/targets/${enc(name)}/scheduled-actions`, signal).then(r => r.scheduledActions ?? []);
export const listActivities = (opts: { target?: string; maxRecords?: number; nextToken?: string | null } = {}, signal?: AbortSignal) => {
  const q = new URLSearchParams();
  if (opts.target) q.set('target', opts.target);
  if (opts.maxRecords) q.set('maxRecords', String(opts.maxRecords));
  if (opts.nextToken) q.set('nextToken', opts.nextToken);
  return get<{ activities: ScalingActivity[]; nextToken?: string | null }>(`${base}/activities${q.toString() ? `?${q}` : ''}`, signal);
};
export const setDesiredCapacity = (name: string, desiredCapacity: number, reason?: string) =>
  post<ScalingActivity>(`${base}/targets/${enc(name)}/desired-capacity`, reason ? { desiredCapacity, reason } : { desiredCapacity });
/** Suspends (or resumes) the kinds given; none given means all three. */
export const suspendScaling = (name: string, suspend: boolean, kinds: SuspendKinds = {}) =>
  post<ScalableTarget>(`${base}/targets/${enc(name)}/${suspend ? 'suspend' : 'resume'}`, kinds);

/** The suspended kinds in words ("scale-in, scheduled"), or null when nothing is suspended. */
export function suspendedText(s: SuspendedState | null | undefined): string | null {
  if (!s) return null;
  const parts: string[] = [];
  if (s.dynamicScalingOutSuspended) parts.push('scale-out');
  if (s.dynamicScalingInSuspended) parts.push('scale-in');
  if (s.scheduledScalingSuspended) parts.push('scheduled');
  return parts.length ? parts.join(', ') : null;
}

export function allSuspended(s: SuspendedState | null | undefined): boolean {
  return !!(s?.dynamicScalingInSuspended && s.dynamicScalingOutSuspended && s.scheduledScalingSuspended);
}

/** The metric of a target-tracking policy in words: "p90 CoffeeShop/OrderWait (Shop=Central)" or its label. */
export function metricText(m: ScalingMetric | null | undefined): string {
  if (!m) return '–';
  if (m.metrics?.length) {
    const r = m.metrics.find(q => q.returnData) ?? m.metrics[0];
    return m.label ? `${m.label} (metric math: ${r.expression ?? r.id})` : `metric math: ${r.expression ?? r.id}`;
  }
  const dims = (m.dimensions ?? []).map(d => `${d.name}=${d.value}`).join(', ');
  const what = `${m.statistic ?? 'Average'} of ${m.namespace}/${m.metricName}${dims ? ` (${dims})` : ''}`;
  return m.label ? `${m.label}: ${what}` : what;
}

/** The queries that draw a policy's metric, with the returned one under the id "metric". */
export function policyQueries(m: ScalingMetric, period: number): MetricQuery[] {
  if (m.metrics?.length) {
    return m.metrics.map(q => ({
      id: q.id,
      label: m.label ?? q.label ?? q.id,
      ...(q.metricStat ? { metricStat: { ...q.metricStat, period: Math.max(q.metricStat.period ?? period, period) } } : { expression: q.expression, period }),
      returnData: !!q.returnData,
    }));
  }
  return [{
    id: 'metric',
    label: m.label ?? `${m.statistic ?? 'Average'} ${m.metricName}`,
    metricStat: { metric: { namespace: m.namespace ?? '', metricName: m.metricName ?? '', dimensions: m.dimensions ?? [] }, stat: m.statistic ?? 'Average', period },
    returnData: true,
  }];
}

/** Seconds as people read them: "90 s", "5 min", "1 h 30 min". */
export function secondsText(s: number | null | undefined): string {
  if (s == null) return '–';
  if (s < 120 && s % 60 !== 0) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  const h = Math.floor(s / 3600), m = Math.round((s % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}
