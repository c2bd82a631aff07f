// Alarms, composite alarms, mute windows and topics (src/Crema.Server/Alarms, Notifications).
import { del, enc, get, post, put } from './api';
import type { Dimension, MetricQuery } from './charts/data';

export type StateValue = 'ALARM' | 'INSUFFICIENT_DATA' | 'OK';
export const STATES: StateValue[] = ['ALARM', 'INSUFFICIENT_DATA', 'OK'];
export const STATE_WORDS: Record<string, string> = { ALARM: 'In alarm', INSUFFICIENT_DATA: 'Insufficient data', OK: 'OK' };

export interface AlarmActions { actionsEnabled: boolean; alarmActions: string[]; okActions: string[]; insufficientDataActions: string[] }

export interface MetricAlarm extends AlarmActions {
  alarmName: string;
  alarmDescription?: string | null;
  namespace?: string | null;
  metricName?: string | null;
  dimensions?: Dimension[] | null;
  statistic?: string | null;
  period: number;
  unit?: string | null;
  metrics?: (MetricQuery & { returnData?: boolean })[] | null;
  evaluationPeriods: number;
  datapointsToAlarm?: number | null;
  threshold?: number | null;
  thresholdMetricId?: string | null;
  comparisonOperator: string;
  treatMissingData: string;
  evaluateLowSampleCountPercentile?: string | null;
  forecast?: { horizonSeconds?: number | null; windowSeconds?: number | null } | null;
  stateValue: string;
  stateReason: string;
  stateReasonData?: any;
  stateUpdatedTimestamp: string;
  alarmConfigurationUpdatedTimestamp?: string;
}

export interface CompositeAlarm extends AlarmActions {
  alarmName: string;
  alarmRule: string;
  alarmDescription?: string | null;
  stateValue: string;
  stateReason: string;
  stateUpdatedTimestamp: string;
}

export type AnyAlarm = (MetricAlarm & { kind: 'metric' }) | (CompositeAlarm & { kind: 'composite' });

export interface HistoryItem { alarmName: string; timestamp: string; historyItemType: 'StateUpdate' | 'ConfigurationUpdate' | 'Action' | string; historySummary: string; historyData?: any }

export interface PreviewDatapoint { timestamp: string; value: number | null; sampleCount?: number | null; breaching: boolean | null; lower?: number | null; upper?: number | null }
export interface PreviewTransition { timestamp: string; oldState: string; newState: string; reason: string }
export interface Preview {
  startTime: string; endTime: string; period: number; statistic?: string | null; comparisonOperator: string; threshold?: number | null;
  evaluationPeriods: number; datapointsToAlarm: number; treatMissingData: string;
  datapoints: PreviewDatapoint[]; transitions: PreviewTransition[]; finalState: string;
}

export interface Mute {
  name: string; alarmNamePatterns: string[]; reason: string; startTime?: string | null; endTime?: string | null;
  schedule?: { daysOfWeek?: string[]; startTime?: string; durationMinutes?: number; timeZone?: string | null } | null;
  expiresAt?: string | null; status: string; nextStart?: string | null; nextEnd?: string | null; createdAt: string; updatedAt: string;
}

export interface Topic { name: string; displayName: string; subscriptions: number; createdAt: string; updatedAt: string }
export interface Subscription { id: number; topicName: string; protocol: string; endpoint: string; hasSigningSecret: boolean; createdAt: string }
export interface Delivery { id: number; subscriptionId: number; protocol: string; endpoint: string; sourceType: string; sourceName: string; subject: string; status: string; attempts: number; lastError?: string | null; createdAt: string; updatedAt: string }

export const COMPARISONS: { value: string; label: string }[] = [
  { value: 'GreaterThanOrEqualToThreshold', label: '≥ (greater than or equal to)' },
  { value: 'GreaterThanThreshold', label: '> (greater than)' },
  { value: 'LessThanThreshold', label: '< (less than)' },
  { value: 'LessThanOrEqualToThreshold', label: '≤ (less than or equal to)' },
];
export const BAND_COMPARISONS = ['LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
export const TREAT_MISSING: { value: string; label: string }[] = [
  { value: 'missing', label: 'missing (keep the state; INSUFFICIENT_DATA when all are missing)' },
  { value: 'notBreaching', label: 'notBreaching (good)' },
  { value: 'breaching', label: 'breaching (bad)' },
  { value: 'ignore', label: 'ignore (keep the current state)' },
];
export const ALARM_PERIODS: { label: string; value: number }[] = [
  { label: '10 s', value: 10 }, { label: '20 s', value: 20 }, { label: '30 s', value: 30 }, { label: '1 min', value: 60 },
  { label: '2 min', value: 120 }, { label: '5 min', value: 300 }, { label: '10 min', value: 600 }, { label: '15 min', value: 900 },
  { label: '1 h', value: 3600 }, { label: '6 h', value: 21600 }, { label: '1 d', value: 86400 },
];

const SYMBOL: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥', GreaterThanThreshold: '>', LessThanThreshold: '<', LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the band', LessThanLowerThreshold: 'below the band', GreaterThanUpperThreshold: 'above the band',
};

/** "p90 CoffeeShop/OrderWait (Shop=Central) ≥ 300 for 3 of 5 periods of 1 min" */
export function conditionText(a: MetricAlarm): string {
  const metric = a.metricName ? `${a.statistic} ${a.namespace}/${a.metricName}${a.dimensions?.length ? ` (${a.dimensions.map(d => `${d.name}=${d.value}`).join(', ')})` : ''}` : 'a metric-math expression';
  const op = SYMBOL[a.comparisonOperator] ?? a.comparisonOperator;
  const th = BAND_COMPARISONS.includes(a.comparisonOperator) ? op : `${op} ${a.threshold}`;
  const m = a.datapointsToAlarm ?? a.evaluationPeriods;
  const fc = a.forecast ? ` within ${Math.round((a.forecast.horizonSeconds ?? 1800) / 60)} min (forecast)` : '';
  return `${metric} ${th}${fc} for ${m} of ${a.evaluationPeriods} period${a.evaluationPeriods === 1 ? '' : 's'} of ${periodText(a.period)}`;
}

export function periodText(s: number): string {
  if (s % 86400 === 0) return `${s / 86400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

export async function listMetricAlarms(prefix?: string): Promise<MetricAlarm[]> {
  const out: MetricAlarm[] = [];
  let next: string | null = null;
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams();
    if (prefix) q.set('alarmNamePrefix', prefix);
    if (next) q.set('nextToken', next);
    const r: { metricAlarms: MetricAlarm[]; nextToken: string | null } = await get(`/api/v1/alarms?${q}`);
    out.push(...r.metricAlarms);
    next = r.nextToken;
    if (!next) break;
  }
  return out;
}

export const listCompositeAlarms = () => get<{ compositeAlarms: CompositeAlarm[] }>('/api/v1/composite-alarms').then(r => r.compositeAlarms ?? []);

export async function listAllAlarms(prefix?: string): Promise<AnyAlarm[]> {
  const [m, c] = await Promise.all([listMetricAlarms(prefix), listCompositeAlarms()]);
  return [
    ...m.map(a => ({ ...a, kind: 'metric' as const })),
    ...c.filter(a => !prefix || a.alarmName.startsWith(prefix)).map(a => ({ ...a, kind: 'composite' as const })),
  ];
}

/** The alarm, metric or composite; null when neither exists. */
export async function getAlarm(name: string): Promise<AnyAlarm | null> {
  try {
    return { ...(await get<MetricAlarm>(`/api/v1/alarms/${enc(name)}`)), kind: 'metric' };
  } catch (e: any) {
    if (e.status !== 404) throw e;
  }
  try {
    return { ...(await get<CompositeAlarm>(`/api/v1/composite-alarms/${enc(name)}`)), kind: 'composite' };
  } catch (e: any) {
    if (e.status === 404) return null;
    throw e;
  }
}

export const putMetricAlarm = (name: string, body: unknown) => put<MetricAlarm>(`/api/v1/alarms/${enc(name)}`, body);
export const putCompositeAlarm = (name: string, body: unknown) => put<CompositeAlarm>(`/api/v1/composite-alarms/${enc(name)}`, body);
export const previewAlarm = (body: unknown, signal?: AbortSignal) => post<Preview>('/api/v1/alarms/preview', body, signal);
export const deleteAlarm = (name: string) => del(`/api/v1/alarms/${enc(name)}`);
export const setAlarmState = (name: string, stateValue: string, stateReason: string) => post(`/api/v1/alarms/${enc(name)}/state`, { stateValue, stateReason });
export const setActionsEnabled = (name: string, on: boolean) => post(`/api/v1/alarms/${enc(name)}/actions/${on ? 'enable' : 'disable'}`);
export const alarmBand = (name: string, from: number, to: number, signal?: AbortSignal) =>
  get<{ points: { timestamp: string; lower: number; expected: number; upper: number }[] }>(`/api/v1/alarms/${enc(name)}/band?from=${enc(new Date(from).toISOString())}&to=${enc(new Date(to).toISOString())}`, signal);

export function alarmHistory(name: string, opts: { type?: string; from?: number; to?: number; nextToken?: string | null; max?: number } = {}) {
  const q = new URLSearchParams();
  if (opts.type) q.set('historyItemType', opts.type);
  if (opts.from) q.set('startDate', new Date(opts.from).toISOString());
  if (opts.to) q.set('endDate', new Date(opts.to).toISOString());
  if (opts.nextToken) q.set('nextToken', opts.nextToken);
  q.set('maxRecords', String(opts.max ?? 50));
  return get<{ alarmHistoryItems: HistoryItem[]; nextToken: string | null }>(`/api/v1/alarms/${enc(name)}/history?${q}`);
}

export const listMutes = (alarmName?: string) => get<{ mutes: Mute[] }>(`/api/v1/mutes${alarmName ? `?alarmName=${enc(alarmName)}` : ''}`).then(r => r.mutes ?? []);
export const putMute = (body: unknown) => post<Mute>('/api/v1/mutes', body);
export const deleteMute = (name: string) => del(`/api/v1/mutes/${enc(name)}`);

export const listTopics = () => get<{ topics: Topic[] }>('/api/v1/topics').then(r => r.topics ?? []);
export const createTopic = (name: string, displayName?: string) => post<Topic>('/api/v1/topics', { name, displayName: displayName || undefined });
export const deleteTopic = (name: string) => del(`/api/v1/topics/${enc(name)}`);
export const listSubscriptions = (topic: string) => get<{ subscriptions: Subscription[] }>(`/api/v1/topics/${enc(topic)}/subscriptions`).then(r => r.subscriptions ?? []);
export const subscribe = (topic: string, protocol: string, endpoint: string) =>
  post<{ subscription: Subscription; signingSecret?: string | null }>(`/api/v1/topics/${enc(topic)}/subscriptions`, { protocol, endpoint: endpoint || undefined });
export const unsubscribe = (topic: string, id: number) => del(`/api/v1/topics/${enc(topic)}/subscriptions/${id}`);
export const listDeliveries = (topic: string, limit = 20) => get<{ deliveries: Delivery[] }>(`/api/v1/topics/${enc(topic)}/deliveries?limit=${limit}`).then(r => r.deliveries ?? []);
export const publishTest = (topic: string, subject: string, text: string) => post<{ deliveryIds: number[] }>(`/api/v1/topics/${enc(topic)}/publish`, { subject, text });
