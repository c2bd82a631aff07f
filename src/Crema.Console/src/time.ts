// The shared time range: relative ("-PT3H" back from now) or absolute, its time zone and auto-refresh.
import { createStore } from './store';

export type Zone = 'local' | 'UTC';

export interface TimeRange {
  /** A negative ISO-8601 duration ("-PT3H") or an absolute ISO time. */
  start: string;
  /** null = now (live), or an absolute ISO time. */
  end: string | null;
  timezone: Zone;
  /** Seconds between auto-refreshes, 0 = off. */
  refresh: number;
}

export const RELATIVE: { label: string; value: string }[] = [
  { label: '15 min', value: '-PT15M' },
  { label: '1 h', value: '-PT1H' },
  { label: '3 h', value: '-PT3H' },
  { label: '12 h', value: '-PT12H' },
  { label: '1 d', value: '-P1D' },
  { label: '3 d', value: '-P3D' },
  { label: '1 w', value: '-P7D' },
  { label: '30 d', value: '-P30D' },
];

export const REFRESH: { label: string; value: number }[] = [
  { label: 'Off', value: 0 },
  { label: '10 s', value: 10 },
  { label: '30 s', value: 30 },
  { label: '1 min', value: 60 },
  { label: '5 min', value: 300 },
  { label: '15 min', value: 900 },
];

const DURATION = /^([+-])?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO-8601 duration (weeks, days, hours, minutes, seconds), signed; null when it is not one. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim().toUpperCase());
  if (!m || text.trim().toUpperCase().replace(/^[+-]/, '') === 'P' || text.trim().toUpperCase().endsWith('T')) return null;
  const n = (i: number) => (m[i] ? parseFloat(m[i]) : 0);
  const ms = (((n(2) * 7 + n(3)) * 24 + n(4)) * 60 + n(5)) * 60_000 + n(6) * 1000;
  return m[1] === '-' ? -ms : ms;
}

export function isRelative(range: TimeRange): boolean {
  return range.end === null && parseDuration(range.start) !== null;
}

/** The range in epoch milliseconds at `now`. */
export function resolve(range: TimeRange, now = Date.now()): { from: number; to: number } {
  const to = range.end ? Date.parse(range.end) : now;
  const d = parseDuration(range.start);
  const from = d !== null ? to + (d > 0 ? -d : d) : Date.parse(range.start);
  return { from: Number.isFinite(from) ? from : to - 3 * 3600_000, to: Number.isFinite(to) ? to : now };
}

export const timeRange = createStore<TimeRange>({ start: '-PT3H', end: null, timezone: 'local', refresh: 0 });

/** Bumped by refresh ticks: widgets re-query when it changes (relative ranges move forward). */
export const refreshTick = createStore(0);

let timer: number | undefined;
timeRange.subscribe(r => schedule(r.refresh));
function schedule(seconds: number) {
  if (timer) clearInterval(timer);
  timer = undefined;
  if (seconds > 0) timer = window.setInterval(() => refreshTick.set(t => t + 1), seconds * 1000);
}

export function describeRange(range: TimeRange): string {
  const rel = RELATIVE.find(r => r.value === range.start && range.end === null);
  if (rel) return `Last ${rel.label}`;
  const { from, to } = resolve(range);
  return `${formatTime(from, range.timezone)} – ${range.end ? formatTime(to, range.timezone) : 'now'}`;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
export function formatTime(ms: number, zone: Zone, withSeconds = false): string {
  const key = zone + withSeconds;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
      second: withSeconds ? '2-digit' : undefined, hour12: false,
      timeZone: zone === 'UTC' ? 'UTC' : undefined,
    });
    fmtCache.set(key, f);
  }
  return f.format(new Date(ms));
}

/** Value for an <input type="datetime-local"> in the zone shown. */
export function toInputValue(ms: number, zone: Zone): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  if (zone === 'UTC') return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fromInputValue(text: string, zone: Zone): number {
  if (!text) return NaN;
  return zone === 'UTC' ? Date.parse(text + ':00Z') : new Date(text).getTime();
}

/** The zone's name as shown beside the range. */
export function zoneName(zone: Zone): string {
  return zone === 'UTC' ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
}

/** A period (seconds) that gives at most about `maxPoints` points over the range. */
export function autoPeriod(from: number, to: number, maxPoints = 500): number {
  const seconds = Math.max(1, (to - from) / 1000 / maxPoints);
  for (const p of [1, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400]) if (p >= seconds) return p;
  return Math.ceil(seconds / 86400) * 86400;
}
