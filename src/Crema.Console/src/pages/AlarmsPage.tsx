// Alarms: every metric and composite alarm grouped by state with counts, a name-prefix filter, live state
// changes from the live events; /alarms/<name> is an alarm's page, /alarms/new/metric and /alarms/new/composite
// create one, /alarms/<name>/edit changes one.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { StateBadge } from '../widgets/AlarmWidget';
import { onAlarm } from '../live';
import { Empty, ErrorBox, Loading, Tabs } from '../components/common';
import { formatTime, timeRange } from '../time';
import { useStore } from '../store';
import { conditionText, listAllAlarms, listMutes, STATE_WORDS, STATES, type AnyAlarm, type Mute } from '../alarmsApi';
import { AlarmDetail } from './alarms/AlarmDetail';
import { AlarmEdit } from './alarms/AlarmEdit';

export const ALARM_TABS = [
  { id: 'alarms', label: 'Alarms', href: '/alarms' },
  { id: 'mutes', label: 'Mute windows', href: '/mutes' },
  { id: 'topics', label: 'Topics', href: '/topics' },
];

export function AlarmsPage({ rest = [] }: { rest?: string[] }) {
  if (rest[0] === 'new' && (rest[1] === 'metric' || rest[1] === 'composite')) return <AlarmEdit key={rest[1]} kind={rest[1]} />;
  if (rest.length >= 1) {
    const name = decodeURIComponent(rest[0]);
    if (rest[1] === 'edit') return <AlarmEdit key={`edit-${name}`} name={name} />;
    return <AlarmDetail key={name} name={name} />;
  }
  return <AlarmList />;
}

/** Does a mute window's pattern (* any run, ? one character) match the alarm's name? */
export function patternMatches(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(name);
}

export function activeMutesFor(mutes: Mute[], name: string): Mute[] {
  return mutes.filter(m => m.status === 'ACTIVE' && m.alarmNamePatterns.some(p => patternMatches(p, name)));
}

function AlarmList() {
  const range = useStore(timeRange);
  const [alarms, setAlarms] = useState<AnyAlarm[] | null>(null);
  const [mutes, setMutes] = useState<Mute[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [prefix, setPrefix] = useState(() => new URLSearchParams(location.search).get('prefix') ?? '');
  const [only, setOnly] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [flash, setFlash] = useState<Record<string, number>>({});
  const known = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    Promise.all([listAllAlarms(), listMutes().catch(() => [] as Mute[])])
      .then(([a, m]) => {
        if (!live) return;
        setAlarms(a);
        setMutes(m);
        known.current = new Set(a.map(x => x.alarmName));
        setError(null);
      })
      .catch(e => live && setError(e.message));
    return () => { live = false; };
  }, [bump]);

  // A state change updates its row at once; an alarm the list does not know yet makes it reload.
  useEffect(() => onAlarm(e => {
    if (!known.current.has(e.alarmName)) { setBump(b => b + 1); return; }
    setAlarms(list => list?.map(a => (a.alarmName === e.alarmName ? { ...a, stateValue: e.state, stateReason: e.reason, stateUpdatedTimestamp: new Date(e.time).toISOString() } : a)) ?? list);
    setFlash(f => ({ ...f, [e.alarmName]: Date.now() }));
    setAnnounce(`${e.alarmName} is now ${STATE_WORDS[e.state] ?? e.state}.`);
  }), []);

  const p = prefix.trim().toLowerCase();
  const filtered = useMemo(() => (alarms ?? []).filter(a => !p || a.alarmName.toLowerCase().startsWith(p)), [alarms, p]);
  const counts: Record<string, number> = { ALARM: 0, INSUFFICIENT_DATA: 0, OK: 0 };
  for (const a of filtered) counts[a.stateValue] = (counts[a.stateValue] ?? 0) + 1;

  function setFilter(v: string) {
    setPrefix(v);
    const q = new URLSearchParams(location.search);
    if (v) q.set('prefix', v); else q.delete('prefix');
    history.replaceState(null, '', `/alarms${q.toString() ? `?${q}` : ''}`);
  }

  return (
    <div class="page">
      <div class="page-head">
        <h1>Alarms</h1>
        <div class="toolbar">
          <a class="btn primary" href="/alarms/new/metric" data-testid="alarm-create">Create metric alarm</a>
          <a class="btn" href="/alarms/new/composite" data-testid="composite-create">Create composite alarm</a>
        </div>
      </div>
      <Tabs tabs={ALARM_TABS} active="alarms" label="Alarm pages" />
      <div class="row wrap filter-row">
        <label class="grow-0">Name starts with
          <input type="search" value={prefix} placeholder="e.g. wait-" data-testid="alarms-filter" onInput={e => setFilter((e.target as HTMLInputElement).value)} />
        </label>
        <div class="state-counts" role="group" aria-label="Show alarms in one state">
          {STATES.map(s => (
            <button type="button" key={s} class={`count-chip ${s.toLowerCase()}${only === s ? ' on' : ''}`} aria-pressed={only === s}
              data-testid={`alarms-count-${s}`} data-count={counts[s] ?? 0} onClick={() => setOnly(o => (o === s ? null : s))}>
              <span class="count-n">{counts[s] ?? 0}</span> {STATE_WORDS[s]}
            </button>
          ))}
        </div>
      </div>
      <p class="sr-only" role="status" aria-live="polite">{announce}</p>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!alarms && !error && <Loading what="Loading the alarms" />}
      {alarms && alarms.length === 0 && <Empty>No alarms yet. <a href="/alarms/new/metric">Create a metric alarm</a>, or use <code>crema alarms put</code>.</Empty>}
      {alarms && alarms.length > 0 && filtered.length === 0 && <Empty>No alarm name starts with “{prefix}”.</Empty>}
      {filtered.length > 0 && (
        <table class="table alarms" data-testid="alarms-table">
          <thead><tr><th scope="col">State</th><th scope="col">Name</th><th scope="col" class="hide-narrow">Condition</th><th scope="col">Since</th><th scope="col" class="hide-narrow">Reason</th></tr></thead>
          {STATES.filter(s => !only || only === s).map(s => {
            const rows = filtered.filter(a => a.stateValue === s).sort((a, b) => a.alarmName.localeCompare(b.alarmName));
            return (
              <tbody key={s} data-testid={`alarms-group-${s}`}>
                <tr class={`group-row ${s.toLowerCase()}`}><th scope="rowgroup" colSpan={5}>{STATE_WORDS[s]} <span class="muted">({rows.length})</span></th></tr>
                {rows.length === 0 && <tr><td colSpan={5} class="muted">None.</td></tr>}
                {rows.map(a => {
                  const muted = activeMutesFor(mutes, a.alarmName);
                  return (
                    <tr key={a.alarmName} data-alarm={a.alarmName} data-state={a.stateValue} class={flash[a.alarmName] ? 'flash' : undefined}>
                      <td><StateBadge state={a.stateValue} /></td>
                      <td class="name-cell">
                        <a href={`/alarms/${encodeURIComponent(a.alarmName)}`} data-testid="alarm-link">{a.alarmName}</a>
                        {a.kind === 'composite' && <span class="tag" title="Composite alarm">composite</span>}
                        {muted.length > 0 && <span class="tag muted-tag" title={`Muted by ${muted.map(m => m.name).join(', ')}`} data-testid="alarm-muted">muted</span>}
                        {!a.actionsEnabled && <span class="tag" title="Actions are disabled">actions off</span>}
                      </td>
                      <td class="reason hide-narrow">{a.kind === 'metric' ? conditionText(a) : <code>{a.alarmRule}</code>}</td>
                      <td class="nowrap">{formatTime(Date.parse(a.stateUpdatedTimestamp), range.timezone)}</td>
                      <td class="reason hide-narrow">{a.stateReason}</td>
                    </tr>
                  );
                })}
              </tbody>
            );
          })}
        </table>
      )}
    </div>
  );
}
