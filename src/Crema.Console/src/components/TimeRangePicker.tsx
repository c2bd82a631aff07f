// The time range: relative presets, absolute from/to, the zone shown (local or UTC) and auto-refresh.
import { useState } from 'preact/hooks';
import { REFRESH, RELATIVE, describeRange, fromInputValue, isRelative, resolve, timeRange, toInputValue, zoneName, refreshTick, type Zone } from '../time';
import { useStore } from '../store';

export function TimeRangePicker() {
  const range = useStore(timeRange);
  const [open, setOpen] = useState(false);
  const r = resolve(range);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [err, setErr] = useState<string | null>(null);

  function openAbsolute() {
    setFrom(toInputValue(r.from, range.timezone));
    setTo(toInputValue(r.to, range.timezone));
    setErr(null);
    setOpen(o => !o);
  }

  function applyAbsolute(e: Event) {
    e.preventDefault();
    const f = fromInputValue(from, range.timezone), t = fromInputValue(to, range.timezone);
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setErr('Enter both times.');
    if (f >= t) return setErr('"From" must be before "to".');
    timeRange.set({ ...range, start: new Date(f).toISOString(), end: new Date(t).toISOString() });
    setOpen(false);
  }

  const rel = isRelative(range) ? range.start : '';
  return (
    <div class="time-range" data-testid="time-range" role="group" aria-label="Time range">
      <div class="seg" role="radiogroup" aria-label="Relative time range">
        {RELATIVE.map(o => (
          <button type="button" key={o.value} role="radio" aria-checked={rel === o.value} class={rel === o.value ? 'seg-btn on' : 'seg-btn'}
            data-testid={`range-${o.value}`} onClick={() => timeRange.set({ ...range, start: o.value, end: null })}>{o.label}</button>
        ))}
        <button type="button" class={!rel ? 'seg-btn on' : 'seg-btn'} aria-expanded={open} aria-controls="abs-range" data-testid="range-absolute" onClick={openAbsolute}>
          Custom
        </button>
      </div>
      <span class="range-text" data-testid="range-text">{describeRange(range)}</span>
      <label class="inline">
        <span class="sr-only">Time zone</span>
        <select data-testid="range-timezone" aria-label="Time zone" value={range.timezone} onChange={e => timeRange.set({ ...range, timezone: (e.target as HTMLSelectElement).value as Zone })}>
          <option value="local">Local ({zoneName('local')})</option>
          <option value="UTC">UTC</option>
        </select>
      </label>
      <label class="inline">
        <span class="sr-only">Auto-refresh</span>
        <select data-testid="range-refresh" aria-label="Auto-refresh" value={range.refresh} onChange={e => timeRange.set({ ...range, refresh: Number((e.target as HTMLSelectElement).value) })}>
          {REFRESH.map(o => <option key={o.value} value={o.value}>{o.value ? `Refresh ${o.label}` : 'Auto-refresh off'}</option>)}
        </select>
      </label>
      <button type="button" class="btn icon" aria-label="Refresh now" title="Refresh now" data-testid="range-refresh-now" onClick={() => refreshTick.set(t => t + 1)}>↻</button>
      {open && (
        <form id="abs-range" class="abs-range" onSubmit={applyAbsolute} data-testid="range-absolute-form">
          <label>From <input type="datetime-local" data-testid="range-from" value={from} onInput={e => setFrom((e.target as HTMLInputElement).value)} required /></label>
          <label>To <input type="datetime-local" data-testid="range-to" value={to} onInput={e => setTo((e.target as HTMLInputElement).value)} required /></label>
          <span class="muted">{zoneName(range.timezone)}</span>
          <button type="submit" class="btn primary small">Apply</button>
          <button type="button" class="btn small" onClick={() => setOpen(false)}>Cancel</button>
          {err && <span class="field-error" role="alert">{err}</span>}
        </form>
      )}
    </div>
  );
}
