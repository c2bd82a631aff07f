// Mute windows: alarms whose names match still change state, but their actions are not run while a window is
// active. A window is a one-off span or a weekly schedule in a time zone.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { Confirm, Empty, ErrorBox, FieldError, fieldErrors, Loading, Modal, Tabs } from '../../components/common';
import { deleteMute, listMutes, putMute, type Mute } from '../../alarmsApi';
import { formatTime, fromInputValue, timeRange, toInputValue, zoneName } from '../../time';
import { useStore } from '../../store';
import { ALARM_TABS } from '../AlarmsPage';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function MutesPage() {
  const range = useStore(timeRange);
  const [mutes, setMutes] = useState<Mute[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [dialog, setDialog] = useState<{ kind: 'create'; from?: Mute } | { kind: 'delete'; name: string } | null>(null);

  useEffect(() => {
    listMutes().then(m => { setMutes(m.sort((a, b) => a.name.localeCompare(b.name))); setError(null); }).catch(e => setError(e.message));
  }, [bump]);

  const t = (s?: string | null) => (s ? formatTime(Date.parse(s), range.timezone) : '–');
  return (
    <div class="page">
      <div class="page-head">
        <h1>Mute windows</h1>
        <div class="toolbar"><button type="button" class="btn primary" data-testid="mute-create" onClick={() => setDialog({ kind: 'create' })}>Create mute window</button></div>
      </div>
      <Tabs tabs={ALARM_TABS} active="mutes" label="Alarm pages" />
      <p class="muted">While a window is active, the alarms it matches still change state, but their actions are not run (each muted action is noted in the alarm’s history).</p>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!mutes && !error && <Loading what="Loading the mute windows" />}
      {mutes && mutes.length === 0 && <Empty>No mute windows. Create one to keep alarms quiet during maintenance or closing hours.</Empty>}
      {mutes && mutes.length > 0 && (
        <table class="table" data-testid="mutes-table">
          <thead><tr><th scope="col">Name</th><th scope="col">Alarms</th><th scope="col">When</th><th scope="col">Status</th><th scope="col" class="hide-narrow">Reason</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {mutes.map(m => (
              <tr key={m.name} data-mute={m.name}>
                <td>{m.name}</td>
                <td>{m.alarmNamePatterns.map(p => <code key={p} class="pattern">{p}</code>)}</td>
                <td>{m.schedule ? scheduleText(m.schedule) : `${t(m.startTime)} – ${t(m.endTime)}`}{m.expiresAt && <div class="muted small">expires {t(m.expiresAt)}</div>}</td>
                <td>
                  <span class={`tag status-${m.status.toLowerCase()}`} data-testid="mute-status">{m.status.toLowerCase()}</span>
                  <div class="muted small">{m.status === 'ACTIVE' ? `until ${t(m.nextEnd)}` : m.nextStart ? `next ${t(m.nextStart)}` : ''}</div>
                </td>
                <td class="reason hide-narrow">{m.reason}</td>
                <td class="actions">
                  <button type="button" class="btn small" aria-label={`Edit ${m.name}`} onClick={() => setDialog({ kind: 'create', from: m })}>Edit</button>
                  <button type="button" class="btn small danger" aria-label={`Delete ${m.name}`} data-testid="mute-delete" onClick={() => setDialog({ kind: 'delete', name: m.name })}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && <MuteDialog from={dialog.from} onClose={() => setDialog(null)} onDone={() => { setDialog(null); setBump(b => b + 1); }} />}
      {dialog?.kind === 'delete' && (
        <Confirm title="Delete mute window" onClose={() => setDialog(null)} onConfirm={async () => { await deleteMute(dialog.name); setDialog(null); setBump(b => b + 1); }}>
          <p>Delete the mute window <strong>{dialog.name}</strong>? The alarms it matches run their actions again.</p>
        </Confirm>
      )}
    </div>
  );
}

function scheduleText(s: NonNullable<Mute['schedule']>): string {
  const days = s.daysOfWeek ?? [];
  const d = days.length === 7 ? 'Every day' : days.join(', ');
  const mins = s.durationMinutes ?? 0;
  const dur = mins % 60 === 0 ? `${mins / 60} h` : mins > 60 ? `${Math.floor(mins / 60)} h ${mins % 60} min` : `${mins} min`;
  return `${d} at ${s.startTime} for ${dur} (${s.timeZone || 'UTC'})`;
}

function MuteDialog({ from, onClose, onDone }: { from?: Mute; onClose: () => void; onDone: () => void }) {
  const range = useStore(timeRange);
  const zone = range.timezone;
  const now = Date.now();
  const [name, setName] = useState(from?.name ?? '');
  const [patterns, setPatterns] = useState(from?.alarmNamePatterns.join(', ') ?? '');
  const [reason, setReason] = useState(from?.reason ?? '');
  const [kind, setKind] = useState<'span' | 'schedule'>(from?.schedule ? 'schedule' : 'span');
  const [start, setStart] = useState(toInputValue(from?.startTime ? Date.parse(from.startTime) : now, zone));
  const [end, setEnd] = useState(toInputValue(from?.endTime ? Date.parse(from.endTime) : now + 3600_000, zone));
  const [days, setDays] = useState<string[]>(from?.schedule?.daysOfWeek ?? ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);
  const [at, setAt] = useState(from?.schedule?.startTime ?? '18:00');
  const [hours, setHours] = useState(String((from?.schedule?.durationMinutes ?? 780) / 60));
  const [tz, setTz] = useState(from?.schedule?.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'));
  const [expires, setExpires] = useState(from?.expiresAt ? toInputValue(Date.parse(from.expiresAt), zone) : '');
  const [errors, setErrors] = useState<Record<string, string[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zones: string[] = (Intl as any).supportedValuesOf ? (Intl as any).supportedValuesOf('timeZone') : [];

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors(null);
    setError(null);
    const iso = (v: string) => (v ? new Date(fromInputValue(v, zone)).toISOString() : undefined);
    const body: any = {
      name: name.trim(),
      alarmNamePatterns: patterns.split(',').map(s => s.trim()).filter(Boolean),
      reason: reason.trim(),
      expiresAt: iso(expires),
    };
    if (kind === 'span') { body.startTime = iso(start); body.endTime = iso(end); }
    else body.schedule = { daysOfWeek: days, startTime: at, durationMinutes: Math.round(Number(hours) * 60), timeZone: tz || undefined };
    try {
      await putMute(body);
      onDone();
    } catch (err: any) {
      setErrors(err instanceof ApiError ? err.errors ?? null : null);
      setError(err.message);
      setBusy(false);
    }
  }

  const fe = (...f: string[]) => fieldErrors(errors, ...f);
  const known = ['name', 'alarmNamePatterns', 'reason', 'startTime', 'endTime', 'schedule', 'expiresAt'];
  const other = errors ? Object.keys(errors).some(k => !known.some(f => k.toLowerCase().startsWith(f.toLowerCase()))) : !!error;
  return (
    <Modal title={from ? `Edit ${from.name}` : 'Create mute window'} onClose={onClose} testid="mute-dialog">
      <form class="form" onSubmit={submit} noValidate>
        <label>Name<input value={name} disabled={!!from} required data-testid="mute-name" onInput={e => setName((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fe('name')} />
        <label>Alarm names or patterns (comma-separated; * any run, ? one character)
          <input value={patterns} required placeholder="wait-*, milk-low-Central" data-testid="mute-patterns" onInput={e => setPatterns((e.target as HTMLInputElement).value)} />
        </label>
        <FieldError messages={fe('alarmNamePatterns')} />
        <label>Reason<input value={reason} required maxLength={1023} data-testid="mute-reason" onInput={e => setReason((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fe('reason')} />
        <fieldset>
          <legend>When</legend>
          <div class="row wrap">
            <label class="check"><input type="radio" name="mute-kind" checked={kind === 'span'} data-testid="mute-kind-span" onChange={() => setKind('span')} /> Once, from – to</label>
            <label class="check"><input type="radio" name="mute-kind" checked={kind === 'schedule'} data-testid="mute-kind-schedule" onChange={() => setKind('schedule')} /> Every week</label>
          </div>
          {kind === 'span' ? (
            <div class="grid2">
              <label>From ({zoneName(zone)})<input type="datetime-local" value={start} data-testid="mute-start" onInput={e => setStart((e.target as HTMLInputElement).value)} /></label>
              <label>To ({zoneName(zone)})<input type="datetime-local" value={end} data-testid="mute-end" onInput={e => setEnd((e.target as HTMLInputElement).value)} /></label>
            </div>
          ) : (
            <>
              <div class="checks" role="group" aria-label="Days of the week">
                {DAYS.map(d => (
                  <label class="check" key={d}>
                    <input type="checkbox" checked={days.includes(d)} data-testid={`mute-day-${d}`} onChange={e => setDays(ds => ((e.target as HTMLInputElement).checked ? DAYS.filter(x => x === d || ds.includes(x)) : ds.filter(x => x !== d)))} />
                    {d.slice(0, 3)}
                  </label>
                ))}
              </div>
              <div class="grid2">
                <label>Starting at (local time of the zone)<input type="time" value={at} data-testid="mute-at" onInput={e => setAt((e.target as HTMLInputElement).value)} /></label>
                <label>For (hours)<input type="number" min={0.0167} max={168} step="any" value={hours} data-testid="mute-hours" onInput={e => setHours((e.target as HTMLInputElement).value)} /></label>
              </div>
              <label>Time zone
                <input list="mute-zones" value={tz} data-testid="mute-timezone" onInput={e => setTz((e.target as HTMLInputElement).value)} />
                <datalist id="mute-zones">{zones.map(z => <option key={z} value={z} />)}</datalist>
              </label>
            </>
          )}
          <FieldError messages={fe('startTime', 'endTime', 'schedule', 'daysOfWeek', 'durationMinutes', 'timeZone')} />
        </fieldset>
        <label>Expires (optional; from then on it mutes nothing)<input type="datetime-local" value={expires} data-testid="mute-expires" onInput={e => setExpires((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fe('expiresAt')} />
        {other && <ErrorBox error={error} />}
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="mute-submit">{from ? 'Save' : 'Create'}</button>
        </div>
      </form>
    </Modal>
  );
}
