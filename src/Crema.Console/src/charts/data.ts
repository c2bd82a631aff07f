// Runs a widget's queries (POST /api/v1/metrics/query) and aligns the results on one time axis,
// in typed arrays: x in epoch seconds, one Float64Array per series (or a plain array with nulls for gaps).
import { api, get, enc } from '../api';

export interface Dimension { name: string; value: string }
export interface Metric { namespace: string; metricName: string; dimensions?: Dimension[] }
export interface MetricQuery {
  id: string;
  label?: string;
  metricStat?: { metric: Metric; stat?: string; period?: number; unit?: string };
  expression?: string;
  returnData?: boolean;
  period?: number;
}

/** null = no value (a gap); undefined = this series has no sample at that x (another series has): joined over. */
export type Values = Float64Array | (number | null | undefined)[];
/** How a series is drawn when not the default line: its colour, a dash, points only (no line), the width. */
export interface SeriesStyle { color?: string; dash?: number[]; points?: 'only' | 'also'; pointSize?: number; width?: number; fill?: string }
export interface Series { id: string; label: string; values: Values; style?: SeriesStyle }
export interface Aligned { x: Float64Array; series: Series[]; messages: string[]; points: number }

interface Result { id: string; label: string; timestamps: string[]; values: number[]; statusCode: string }

/** The queries with the widget's default stat and period filled in where a query has none. */
export function withDefaults(queries: MetricQuery[], stat: string | undefined, period: number | undefined): MetricQuery[] {
  return queries.map(q => {
    if (!q.metricStat) return q.period || !period ? q : { ...q, period };
    return { ...q, metricStat: { ...q.metricStat, stat: q.metricStat.stat || stat || 'Average', period: q.metricStat.period || period || 60 } };
  });
}

/** The metrics (namespace + name) a widget's queries read, for live updates. */
export function metricsOf(queries: MetricQuery[]): Metric[] {
  const out: Metric[] = [];
  for (const q of queries) if (q.metricStat?.metric) out.push(q.metricStat.metric);
  return out;
}

export async function runQueries(queries: MetricQuery[], from: number, to: number, signal?: AbortSignal): Promise<Aligned> {
  const byId = new Map<string, { label: string; t: number[]; v: number[] }>();
  const order: string[] = [];
  const messages: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 20; page++) {
    const body: any = {
      metricDataQueries: queries,
      startTime: new Date(from).toISOString(),
      endTime: new Date(to).toISOString(),
      scanBy: 'TimestampAscending',
    };
    if (nextToken) body.nextToken = nextToken;
    const r = await api<{ metricDataResults: Result[]; nextToken?: string; messages?: { code: string; value: string }[] }>('POST', '/api/v1/metrics/query', body, { signal });
    for (const res of r.metricDataResults ?? []) {
      // A query with a "*" dimension answers one result per series, all with the query's id: the label tells them apart.
      const key = `${res.id}\u0000${res.label ?? ''}`;
      let s = byId.get(key);
      if (!s) {
        s = { label: res.label || res.id, t: [], v: [] };
        byId.set(key, s);
        order.push(key);
      }
      const ts = res.timestamps;
      for (let i = 0; i < ts.length; i++) {
        s.t.push(Date.parse(ts[i]) / 1000);
        s.v.push(res.values[i]);
      }
    }
    for (const m of r.messages ?? []) messages.push(`${m.code}: ${m.value}`);
    nextToken = r.nextToken ?? undefined;
    if (!nextToken) break;
  }
  const raw = order.map(key => {
    const s = byId.get(key)!;
    return { id: key.slice(0, key.indexOf('\u0000')), label: s.label, t: sortedPairs(s.t, s.v) };
  });
  return align(raw, messages);
}

function sortedPairs(t: number[], v: number[]): { t: Float64Array; v: Float64Array } {
  const n = t.length;
  const tt = new Float64Array(t);
  const vv = new Float64Array(v);
  let sorted = true;
  for (let i = 1; i < n; i++) if (tt[i] < tt[i - 1]) { sorted = false; break; }
  if (sorted) return { t: tt, v: vv };
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => tt[a] - tt[b]);
  const t2 = new Float64Array(n), v2 = new Float64Array(n);
  for (let i = 0; i < n; i++) { t2[i] = tt[idx[i]]; v2[i] = vv[idx[i]]; }
  return { t: t2, v: v2 };
}

/** One x axis for all series: shared as is when every series has the same timestamps, else their union with gaps. */
export function align(raw: { id: string; label: string; t: { t: Float64Array; v: Float64Array } }[], messages: string[] = []): Aligned {
  if (raw.length === 0) return { x: new Float64Array(0), series: [], messages, points: 0 };
  const first = raw[0].t.t;
  let same = true;
  for (const r of raw) {
    if (r.t.t.length !== first.length) { same = false; break; }
    const a = r.t.t;
    for (let i = 0; i < a.length; i++) if (a[i] !== first[i]) { same = false; break; }
    if (!same) break;
  }
  let points = 0;
  if (same) {
    for (const r of raw) points += r.t.v.length;
    return { x: first, series: raw.map(r => ({ id: r.id, label: r.label, values: r.t.v })), messages, points };
  }
  let total = 0;
  for (const r of raw) total += r.t.t.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const r of raw) { all.set(r.t.t, o); o += r.t.t.length; }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  const x = all.slice(0, n);
  const series = raw.map(r => {
    const vals: (number | null | undefined)[] = new Array(n).fill(undefined);
    const t = r.t.t, v = r.t.v;
    let j = 0;
    for (let i = 0; i < t.length; i++) {
      while (x[j] < t[i]) j++;
      vals[j] = v[i];
    }
    points += t.length;
    return { id: r.id, label: r.label, values: vals };
  });
  return { x, series, messages, points };
}

const unitCache = new Map<string, Promise<string | null>>();
/** The unit recorded for a metric (from the list-metrics API), cached for the page's life. */
export function unitOf(m: Metric): Promise<string | null> {
  const key = m.namespace + '\u0000' + m.metricName;
  let p = unitCache.get(key);
  if (!p) {
    p = get<{ metrics: { unit?: string }[] }>(`/api/v1/metrics?namespace=${enc(m.namespace)}&metricName=${enc(m.metricName)}`)
      .then(r => r.metrics.find(x => x.unit)?.unit ?? null)
      .catch(() => null);
    unitCache.set(key, p);
  }
  return p;
}
