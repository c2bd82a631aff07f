// A metric widget: runs its queries over the shared time range and shows them as a chart,
// a single value (latest, change vs. start, sparkline) or a gauge. Re-queries on live events.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { UPlotChart } from '../charts/UPlotChart';
import { type Aligned, metricsOf, runQueries, unitOf, withDefaults } from '../charts/data';
import { alarmSpans, type Span } from '../charts/alarmSpans';
import { SingleValue } from '../charts/SingleValue';
import { Gauge } from '../charts/Gauge';
import { metricKey, onAlarm, onMetrics } from '../live';
import { autoPeriod, isRelative, refreshTick, resolve, timeRange, type TimeRange } from '../time';
import { useStore } from '../store';
import type { MetricProps } from './types';

type Status = 'loading' | 'ready' | 'empty' | 'error';

// With the server coalescing events over 250 ms, a new datapoint is drawn within about a second of its write.
const LIVE_THROTTLE_MS = 600;

export function MetricWidget({ props, range, onStatus }: { props: MetricProps; range: TimeRange; onStatus?: (s: Status) => void }) {
  const tick = useStore(refreshTick);
  const [data, setData] = useState<Aligned | null>(null);
  const [resolved, setResolved] = useState(() => resolve(range));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [spans, setSpans] = useState<Span[]>([]);
  const [unit, setUnit] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const lastLive = useRef(0);
  const pending = useRef<number | undefined>(undefined);
  const queriesKey = JSON.stringify([props.metrics, props.stat, props.period, props.alarms]);

  const load = useCallback(async () => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    const r = resolve(range);
    const period = props.period || autoPeriod(r.from, r.to);
    try {
      const queries = withDefaults(props.metrics ?? [], props.stat, period);
      const [d, s] = await Promise.all([
        runQueries(queries, r.from, r.to, ac.signal),
        props.alarms?.length ? alarmSpans(props.alarms, r.from, r.to, ac.signal) : Promise.resolve([]),
      ]);
      if (ac.signal.aborted) return;
      setResolved(r);
      setData(d);
      setSpans(s);
      setError(null);
      const hasData = d.series.some(x => x.values.length > 0);
      const next: Status = hasData ? (props.view === 'singleValue' || props.view === 'gauge' ? 'ready' : 'loading') : 'empty';
      setStatus(prev => (hasData && prev === 'ready' ? 'ready' : next));
    } catch (e: any) {
      if (e?.name === 'AbortError') return;
      setError(e?.message ?? String(e));
      setStatus('error');
    }
  }, [queriesKey, range, tick]);

  useEffect(() => {
    load();
    return () => abort.current?.abort();
  }, [load]);

  useEffect(() => {
    const first = metricsOf(props.metrics ?? [])[0];
    if (first) unitOf(first).then(setUnit);
  }, [queriesKey]);

  // Live: re-query when one of our metrics received samples, at most every LIVE_THROTTLE_MS.
  useEffect(() => {
    if (!isRelative(range)) return;
    const mine = new Set(metricsOf(props.metrics ?? []).map(m => metricKey(m.namespace, m.metricName)));
    const schedule = () => {
      if (pending.current) return;
      const wait = Math.max(0, lastLive.current + LIVE_THROTTLE_MS - Date.now());
      pending.current = window.setTimeout(() => {
        pending.current = undefined;
        lastLive.current = Date.now();
        load();
      }, wait);
    };
    const offMetrics = onMetrics(keys => {
      for (const k of keys) if (mine.has(k)) return schedule();
    });
    const offAlarm = onAlarm(e => {
      if (props.alarms?.includes(e.alarmName)) schedule();
    });
    return () => {
      offMetrics();
      offAlarm();
      if (pending.current) clearTimeout(pending.current);
      pending.current = undefined;
    };
  }, [queriesKey, range, load]);

  useEffect(() => onStatus?.(status), [status]);

  const onDrawn = useCallback((_ms: number) => {
    setStatus(s => (s === 'loading' ? 'ready' : s));
  }, []);

  const onZoom = useCallback((from: number, to: number) => {
    timeRange.set(r => ({ ...r, start: new Date(from).toISOString(), end: new Date(to).toISOString() }));
  }, []);

  const view = props.view ?? 'timeSeries';
  const yUnit = unit;
  let body;
  if (error) body = <p class="widget-msg error" role="alert">{error}</p>;
  else if (!data) body = <p class="widget-msg" aria-busy="true">Loading…</p>;
  else if (status === 'empty') body = <p class="widget-msg">No data in this time range.</p>;
  else if (view === 'singleValue') body = <SingleValue data={data} unit={yUnit} sparkline={props.sparkline !== false} />;
  else if (view === 'gauge') body = <Gauge data={data} unit={yUnit} min={props.yAxis?.left?.min ?? 0} max={props.yAxis?.left?.max ?? 100} thresholds={props.annotations?.horizontal} />;
  else {
    body = (
      <UPlotChart
        data={data}
        view={view}
        stacked={props.stacked}
        unit={yUnit}
        yLabel={props.yAxis?.left?.label}
        yMin={props.yAxis?.left?.min}
        yMax={props.yAxis?.left?.max}
        legend={props.legend?.position}
        thresholds={props.annotations?.horizontal}
        spans={spans}
        timezone={range.timezone}
        range={resolved}
        onZoom={onZoom}
        onDrawn={onDrawn}
      />
    );
  }
  return (
    <div class="widget-body" data-state={error ? 'error' : status} data-points={data?.points ?? 0}>
      {body}
      {data && data.messages.length > 0 && <p class="widget-note" title={data.messages.join('\n')}>{data.messages.length} note(s)</p>}
    </div>
  );
}
