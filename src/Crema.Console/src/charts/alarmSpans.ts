// The times alarms were in ALARM, from their state history, for shading behind a chart.
import { enc, get } from '../api';

export interface Span { from: number; to: number; alarm: string }

interface HistoryItem { alarmName: string; timestamp: string; historyItemType: string; historyData?: any }

export async function alarmSpans(names: string[], from: number, to: number, signal?: AbortSignal): Promise<Span[]> {
  const spans: Span[] = [];
  await Promise.all(names.map(async name => {
    let items: HistoryItem[] = [];
    let current: string | null = null;
    try {
      const [h, a] = await Promise.all([
        get<{ alarmHistoryItems: HistoryItem[] }>(`/api/v1/alarms/${enc(name)}/history?historyItemType=StateUpdate&startDate=${enc(new Date(from).toISOString())}&endDate=${enc(new Date(to).toISOString())}&maxRecords=100`, signal),
        get<any>(`/api/v1/alarms/${enc(name)}`, signal).catch(() => null),
      ]);
      items = h.alarmHistoryItems ?? [];
      current = a?.stateValue ?? null;
    } catch (e: any) {
      if (e?.name === 'AbortError') throw e;
      return; // an alarm that is gone or not visible shades nothing
    }
    const changes = items
      .map(i => ({ t: Date.parse(i.timestamp), next: stateOf(i.historyData, 'newState'), prev: stateOf(i.historyData, 'oldState') }))
      .filter(c => Number.isFinite(c.t))
      .sort((a, b) => a.t - b.t);
    let state = changes.length ? changes[0].prev : current;
    let since = from;
    for (const c of changes) {
      if (state === 'ALARM' && c.t > since) spans.push({ from: since, to: c.t, alarm: name });
      state = c.next;
      since = Math.max(from, c.t);
    }
    if (state === 'ALARM') spans.push({ from: since, to, alarm: name });
  }));
  return spans;
}

function stateOf(data: any, key: string): string | null {
  let d = data;
  if (typeof d === 'string') {
    try { d = JSON.parse(d); } catch { return null; }
  }
  const s = d?.[key];
  return typeof s === 'string' ? s : s?.stateValue ?? null;
}
