// One alarm: its state and reason, condition or rule, actions, muted status, graph (metric alarms) and history;
// set the state for testing, enable or disable its actions, edit, delete.
import { useEffect, useState } from 'preact/hooks';
import { StateBadge } from '../../widgets/AlarmWidget';
import { Confirm, Empty, ErrorBox, JsonView, Loading, Modal } from '../../components/common';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { onAlarm } from '../../live';
import { navigate } from '../../router';
import { useStore } from '../../store';
import { formatTime, timeRange } from '../../time';
import {
  alarmHistory, conditionText, deleteAlarm, getAlarm, listMutes, setActionsEnabled, setAlarmState, STATE_WORDS, STATES,
  type AnyAlarm, type HistoryItem, type Mute,
} from '../../alarmsApi';
import { AlarmChart } from './AlarmChart';
import { patternMatches } from '../AlarmsPage';

export function AlarmDetail({ name }: { name: string }) {
  const range = useStore(timeRange);
  const [alarm, setAlarm] = useState<AnyAlarm | null | undefined>(undefined);
  const [mutes, setMutes] = useState<Mute[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [dialog, setDialog] = useState<'state' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [historyBump, setHistoryBump] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([getAlarm(name), listMutes(name).catch(() => [] as Mute[])])
      .then(([a, m]) => { if (live) { setAlarm(a); setMutes(m); setError(null); } })
      .catch(e => live && setError(e.message));
    return () => { live = false; };
  }, [name, bump]);

  useEffect(() => onAlarm(e => {
    if (e.alarmName === name) { setBump(b => b + 1); setHistoryBump(b => b + 1); }
  }), [name]);

  async function toggleActions() {
    if (!alarm) return;
    setBusy(true);
    setActionError(null);
    try {
      await setActionsEnabled(name, !alarm.actionsEnabled);
      setBump(b => b + 1);
      setHistoryBump(b => b + 1);
    } catch (e: any) {
      setActionError(e.message);
    } finally {
      setBusy(false);
    }
  }

  if (error) return <div class="page"><Back /><ErrorBox error={error} onRetry={() => setBump(b => b + 1)} /></div>;
  if (alarm === undefined) return <div class="page"><Back /><Loading what={`Loading ${name}`} /></div>;
  if (alarm === null) return <div class="page"><Back /><h1>{name}</h1><Empty>No alarm is named “{name}”. It may have been deleted.</Empty></div>;

  const activeMutes = mutes.filter(m => m.status === 'ACTIVE');
  const rule = alarm.kind === 'composite' ? alarm.alarmRule : null;
  const children = rule ? [...new Set([...rule.matchAll(/(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*"?([^")]+)"?\s*\)/gi)].map(m => m[1]))] : [];

  return (
    <div class="page alarm-detail" data-testid="alarm-detail">
      <Back />
      <div class="page-head">
        <h1 class="alarm-title"><StateBadge state={alarm.stateValue} /> <span data-testid="alarm-name">{alarm.alarmName}</span></h1>
        <div class="toolbar">
          <a class="btn" href={`/alarms/${encodeURIComponent(name)}/edit`} data-testid="alarm-edit">Edit</a>
          <button type="button" class="btn" data-testid="alarm-set-state" onClick={() => setDialog('state')}>Set state…</button>
          <button type="button" class="btn" data-testid="alarm-toggle-actions" disabled={busy} onClick={toggleActions}>
            {alarm.actionsEnabled ? 'Disable actions' : 'Enable actions'}
          </button>
          <button type="button" class="btn danger" data-testid="alarm-delete" onClick={() => setDialog('delete')}>Delete</button>
        </div>
      </div>
      <ErrorBox error={actionError} />
      <section class="card detail-card" aria-label="Summary">
        <dl class="facts">
          <dt>State</dt>
          <dd data-testid="alarm-state" data-state={alarm.stateValue}>{STATE_WORDS[alarm.stateValue] ?? alarm.stateValue} since {formatTime(Date.parse(alarm.stateUpdatedTimestamp), range.timezone, true)}</dd>
          <dt>Reason</dt>
          <dd data-testid="alarm-reason">{alarm.stateReason || '–'}</dd>
          {alarm.alarmDescription && <><dt>Description</dt><dd>{alarm.alarmDescription}</dd></>}
          <dt>{alarm.kind === 'metric' ? 'Condition' : 'Rule'}</dt>
          <dd>{alarm.kind === 'metric' ? conditionText(alarm) : <code data-testid="alarm-rule">{alarm.alarmRule}</code>}</dd>
          {alarm.kind === 'metric' && <><dt>Missing data</dt><dd>treated as {alarm.treatMissingData}</dd></>}
          {children.length > 0 && <><dt>Alarms in the rule</dt><dd>{children.map((c, i) => <>{i > 0 && ', '}<a href={`/alarms/${encodeURIComponent(c)}`}>{c}</a></>)}</dd></>}
          <dt>Actions</dt>
          <dd data-testid="alarm-actions">
            <span class={alarm.actionsEnabled ? 'tag ok-tag' : 'tag'}>{alarm.actionsEnabled ? 'enabled' : 'disabled'}</span>
            <ul class="plain">
              <li>On ALARM: {list(alarm.alarmActions)}</li>
              <li>On OK: {list(alarm.okActions)}</li>
              <li>On INSUFFICIENT_DATA: {list(alarm.insufficientDataActions)}</li>
            </ul>
          </dd>
          <dt>Muted</dt>
          <dd data-testid="alarm-muted-status">
            {activeMutes.length ? <>Yes: actions are not run now (<a href="/mutes">{activeMutes.map(m => m.name).join(', ')}</a>{activeMutes[0].nextEnd ? `, until ${formatTime(Date.parse(activeMutes[0].nextEnd), range.timezone)}` : ''}).</> : 'No.'}
            {mutes.length > activeMutes.length && (
              <span class="muted"> Mute windows that match: {mutes.filter(m => m.status !== 'ACTIVE' && m.alarmNamePatterns.some(p => patternMatches(p, name))).map(m => `${m.name} (${m.status.toLowerCase()}${m.nextStart ? `, next ${formatTime(Date.parse(m.nextStart), range.timezone)}` : ''})`).join('; ')}.</span>
            )}
          </dd>
        </dl>
      </section>
      {alarm.kind === 'metric' && (
        <section aria-label="Graph">
          <h2 class="section-title">Graph</h2>
          <TimeRangePicker />
          {alarm.forecast && <p class="muted">A forecast alarm: the line is the metric; the alarm fires when its trend will cross the threshold within {Math.round((alarm.forecast.horizonSeconds ?? 1800) / 60)} min.</p>}
          <AlarmChart alarm={alarm} range={range} />
        </section>
      )}
      <History name={name} bump={historyBump} />
      {dialog === 'state' && <SetStateDialog name={name} onClose={() => setDialog(null)} onDone={() => { setDialog(null); setBump(b => b + 1); setHistoryBump(b => b + 1); }} />}
      {dialog === 'delete' && (
        <Confirm title="Delete alarm" onClose={() => setDialog(null)} onConfirm={async () => { await deleteAlarm(name); navigate('/alarms'); }}>
          <p>Delete the alarm <strong>{name}</strong> and its history? This cannot be undone.</p>
        </Confirm>
      )}
    </div>
  );
}

function Back() {
  return <p class="crumbs"><a href="/alarms">← All alarms</a></p>;
}

function list(items: string[]) {
  return items.length ? items.map((t, i) => <>{i > 0 && ', '}<a href={`/topics?topic=${encodeURIComponent(t)}`}>{t}</a></>) : <span class="muted">none</span>;
}

function SetStateDialog({ name, onClose, onDone }: { name: string; onClose: () => void; onDone: () => void }) {
  const [state, setState] = useState('ALARM');
  const [reason, setReason] = useState('Testing the alarm’s actions from the console');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await setAlarmState(name, state, reason);
      onDone();
    } catch (err: any) {
      setError(err.message);
      setBusy(false);
    }
  }
  return (
    <Modal title="Set the alarm’s state" onClose={onClose} testid="set-state-dialog">
      <form class="form" onSubmit={submit}>
        <p class="muted">For testing: the state changes and its actions run now; the next evaluation sets the state from the data again.</p>
        <label>State
          <select value={state} data-testid="set-state-value" onChange={e => setState((e.target as HTMLSelectElement).value)}>
            {STATES.map(s => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Reason<input value={reason} required maxLength={1023} data-testid="set-state-reason" onInput={e => setReason((e.target as HTMLInputElement).value)} /></label>
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="set-state-submit">Set state</button>
        </div>
      </form>
    </Modal>
  );
}

const TYPES = [
  { value: '', label: 'Everything' },
  { value: 'StateUpdate', label: 'State changes' },
  { value: 'ConfigurationUpdate', label: 'Configuration changes' },
  { value: 'Action', label: 'Action results' },
];

function History({ name, bump }: { name: string; bump: number }) {
  const range = useStore(timeRange);
  const [type, setType] = useState('');
  const [items, setItems] = useState<HistoryItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let live = true;
    alarmHistory(name, { type: type || undefined })
      .then(r => { if (live) { setItems(r.alarmHistoryItems); setNext(r.nextToken); setError(null); } })
      .catch(e => live && setError(e.message));
    return () => { live = false; };
  }, [name, type, bump]);

  async function more() {
    setLoadingMore(true);
    try {
      const r = await alarmHistory(name, { type: type || undefined, nextToken: next });
      setItems(i => [...(i ?? []), ...r.alarmHistoryItems]);
      setNext(r.nextToken);
    } catch (e: any) {
      setError(e.message);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section aria-label="History" class="history">
      <div class="row wrap section-head">
        <h2 class="section-title">History</h2>
        <label class="inline">Show
          <select value={type} data-testid="history-type" onChange={e => setType((e.target as HTMLSelectElement).value)}>
            {TYPES.map(t => <option key={t.value} value={t.value}>{t.label}</option>)}
          </select>
        </label>
      </div>
      <ErrorBox error={error} />
      {!items && !error && <Loading what="Loading the history" />}
      {items && items.length === 0 && <Empty>No history of this kind yet.</Empty>}
      {items && items.length > 0 && (
        <table class="table" data-testid="alarm-history">
          <thead><tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">What happened</th></tr></thead>
          <tbody>
            {items.map((h, i) => (
              <tr key={`${h.timestamp}-${i}`} data-type={h.historyItemType}>
                <td class="nowrap">{formatTime(Date.parse(h.timestamp), range.timezone, true)}</td>
                <td class="nowrap">{kindText(h)}</td>
                <td>
                  <div>{h.historySummary}</div>
                  {h.historyItemType === 'StateUpdate' && h.historyData?.newState?.stateReason && <div class="reason muted">{h.historyData.newState.stateReason}</div>}
                  {h.historyData && (
                    <details class="raw">
                      <summary>Details</summary>
                      <JsonView value={h.historyData} />
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button type="button" class="btn" disabled={loadingMore} data-testid="history-more" onClick={more}>{loadingMore ? 'Loading…' : 'Show older'}</button>}
    </section>
  );
}

function kindText(h: HistoryItem) {
  if (h.historyItemType === 'StateUpdate') return 'State change';
  if (h.historyItemType === 'ConfigurationUpdate') return 'Configuration';
  if (h.historyItemType === 'Action') {
    const s = h.historyData?.actionState;
    return <span class={s === 'Failed' ? 'text-danger' : undefined}>Action{s ? ` (${s.toLowerCase()})` : ''}</span>;
  }
  return h.historyItemType;
}
