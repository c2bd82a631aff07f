// Alarm status: the named alarms (or those with a name prefix), their state and reason; follows alarm events.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { onAlarm } from '../live';
import { refreshTick, formatTime, type TimeRange } from '../time';
import { useStore } from '../store';
import type { AlarmProps } from './types';

interface Alarm { alarmName: string; stateValue: string; stateReason: string; stateUpdatedTimestamp: string; alarmDescription?: string }

export async function fetchAlarms(prefix?: string | null): Promise<Alarm[]> {
  const out: Alarm[] = [];
  let next: string | null = null;
  for (let i = 0; i < 20; i++) {
    const q = new URLSearchParams();
    if (prefix) q.set('alarmNamePrefix', prefix);
    if (next) q.set('nextToken', next);
    const r: { metricAlarms: Alarm[]; nextToken: string | null } = await get(`/api/v1/alarms?${q}`);
    out.push(...r.metricAlarms);
    next = r.nextToken;
    if (!next) break;
  }
  try {
    const c = await get<{ compositeAlarms: Alarm[] }>('/api/v1/composite-alarms');
    for (const a of c.compositeAlarms) if (!prefix || a.alarmName.startsWith(prefix)) out.push(a);
  } catch {
    /* composites are optional for the widget */
  }
  return out;
}

export function StateBadge({ state }: { state: string }) {
  const cls = state === 'ALARM' ? 'alarm' : state === 'OK' ? 'ok' : 'insufficient';
  const text = state === 'INSUFFICIENT_DATA' ? 'Insufficient data' : state === 'ALARM' ? 'In alarm' : state === 'OK' ? 'OK' : state;
  return <span class={`badge ${cls}`} data-state-value={state}>{text}</span>;
}

export function AlarmWidget({ props, range }: { props: AlarmProps; range: TimeRange }) {
  const tick = useStore(refreshTick);
  const [alarms, setAlarms] = useState<Alarm[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const names = props.alarms ?? null;

  useEffect(() => {
    let live = true;
    fetchAlarms(props.alarmNamePrefix)
      .then(all => {
        if (!live) return;
        const shown = names?.length ? all.filter(a => names.includes(a.alarmName)) : all;
        shown.sort((a, b) => rank(a.stateValue) - rank(b.stateValue) || a.alarmName.localeCompare(b.alarmName));
        setAlarms(shown);
        setError(null);
      })
      .catch(e => live && setError(e.message));
    return () => { live = false; };
  }, [JSON.stringify(names), props.alarmNamePrefix, tick, bump]);

  useEffect(() => onAlarm(e => {
    if (!names?.length || names.includes(e.alarmName)) setBump(b => b + 1);
  }), [JSON.stringify(names)]);

  if (error) return <div class="widget-body" data-state="error"><p class="widget-msg error" role="alert">{error}</p></div>;
  if (!alarms) return <div class="widget-body" data-state="loading"><p class="widget-msg" aria-busy="true">Loading…</p></div>;
  if (!alarms.length) return <div class="widget-body" data-state="empty"><p class="widget-msg">No alarms match.</p></div>;
  return (
    <div class="widget-body scroll" data-state="ready">
      <ul class="alarm-list">
        {alarms.map(a => (
          <li key={a.alarmName} data-alarm={a.alarmName}>
            <StateBadge state={a.stateValue} />
            <span class="alarm-name">{a.alarmName}</span>
            <span class="alarm-when" title={a.stateReason}>{formatTime(Date.parse(a.stateUpdatedTimestamp), range.timezone)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function rank(s: string) {
  return s === 'ALARM' ? 0 : s === 'INSUFFICIENT_DATA' ? 1 : 2;
}

