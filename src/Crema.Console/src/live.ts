// Live events (Server-Sent Events on /api/v1/live): which metrics got samples, and alarm state changes.
// One EventSource for the page; widgets subscribe to the metrics they show.
import { createStore } from './store';
import { refreshTick } from './time';

export interface AlarmEvent {
  alarmName: string;
  state: string;
  previousState: string;
  reason: string;
  /** Unix milliseconds. */
  time: number;
}

type MetricListener = (keys: Set<string>) => void;
type AlarmListener = (e: AlarmEvent) => void;

export const liveStatus = createStore<'off' | 'connecting' | 'open' | 'down'>('off');

const metricListeners = new Set<MetricListener>();
const alarmListeners = new Set<AlarmListener>();
let source: EventSource | null = null;
let retry: number | undefined;
let failures = 0;
let everOpen = false;

export const metricKey = (namespace: string, metricName: string) => namespace + '\u0000' + metricName;

export function startLive() {
  if (source || retry) return;
  liveStatus.set('connecting');
  const es = new EventSource('/api/v1/live', { withCredentials: true });
  source = es;
  es.addEventListener('open', () => {
    // Changes made while disconnected were not announced: re-query everything on a reconnect.
    if (everOpen) refreshTick.set(t => t + 1);
    everOpen = true;
    failures = 0;
    liveStatus.set('open');
  });
  es.addEventListener('metrics', ev => {
    try {
      const data = JSON.parse((ev as MessageEvent).data);
      const keys = new Set<string>();
      for (const m of data.metrics ?? []) keys.add(metricKey(m.namespace, m.metricName));
      if (keys.size) metricListeners.forEach(l => l(keys));
    } catch {
      /* a malformed event is skipped */
    }
  });
  es.addEventListener('alarm', ev => {
    try {
      const data = JSON.parse((ev as MessageEvent).data) as AlarmEvent;
      alarmListeners.forEach(l => l(data));
    } catch {
      /* skipped */
    }
  });
  es.addEventListener('error', () => {
    // The browser retries by itself while the stream was open; when it gave up (closed), back off and retry.
    if (es.readyState === EventSource.CLOSED) {
      source = null;
      liveStatus.set('down');
      failures++;
      retry = window.setTimeout(() => {
        retry = undefined;
        startLive();
      }, Math.min(60_000, 2000 * 2 ** Math.min(failures, 5)));
    } else {
      liveStatus.set('connecting');
    }
  });
}

export function stopLive() {
  source?.close();
  source = null;
  if (retry) clearTimeout(retry);
  retry = undefined;
  liveStatus.set('off');
}

export function onMetrics(l: MetricListener): () => void {
  metricListeners.add(l);
  return () => {
    metricListeners.delete(l);
  };
}

export function onAlarm(l: AlarmListener): () => void {
  alarmListeners.add(l);
  return () => {
    alarmListeners.delete(l);
  };
}
