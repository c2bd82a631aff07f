// A metric alarm's graph over the shared time range: the metric at (about) the alarm's period, the threshold
// line or the anomaly band, and the times the alarm was in ALARM shaded.
import { useEffect, useState } from 'preact/hooks';
import { UPlotChart } from '../../charts/UPlotChart';
import { align, runQueries, unitOf, type Aligned, type MetricQuery } from '../../charts/data';
import { alarmSpans, type Span } from '../../charts/alarmSpans';
import { alarmBand, BAND_COMPARISONS, periodText, type MetricAlarm } from '../../alarmsApi';
import { autoPeriod, refreshTick, resolve, type TimeRange } from '../../time';
import { useStore } from '../../store';
import { onAlarm, onMetrics, metricKey } from '../../live';
import { withAlpha } from '../../charts/palette';

/** The queries that draw what the alarm watches (a band's own expression is drawn from the band API instead). */
export function alarmQueries(a: MetricAlarm, period: number): MetricQuery[] {
  if (a.metricName && a.namespace) {
    const label = [a.metricName, ...(a.dimensions ?? []).map(d => d.value)].join(' ');
    return [{ id: 'm1', label: `${a.statistic} ${label}`, metricStat: { metric: { namespace: a.namespace, metricName: a.metricName, dimensions: a.dimensions ?? [] }, stat: a.statistic ?? 'Average', period } }];
  }
  const band = bandMetricId(a);
  return (a.metrics ?? [])
    .filter(q => !/ANOMALY_DETECTION_BAND/i.test(q.expression ?? ''))
    .map(q => ({
      id: q.id,
      label: q.label ?? q.id,
      ...(q.metricStat ? { metricStat: { ...q.metricStat, period: Math.max(q.metricStat.period ?? period, period) } } : { expression: q.expression, period }),
      returnData: q.id === band ? true : q.returnData !== false,
    }));
}

export function bandMetricId(a: MetricAlarm): string | null {
  const q = (a.metrics ?? []).find(x => x.id === a.thresholdMetricId);
  const m = q?.expression ? /ANOMALY_DETECTION_BAND\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)/i.exec(q.expression) : null;
  return m ? m[1] : null;
}

/** The chart's period: the alarm's own unless the range would hold more than ~1500 of them. */
export function chartPeriod(alarmPeriod: number, from: number, to: number): number {
  return Math.max(alarmPeriod, autoPeriod(from, to, 1500));
}

function toRaw(d: Aligned) {
  return d.series.map(s => {
    const t: number[] = [], v: number[] = [];
    for (let i = 0; i < d.x.length; i++) {
      const y = s.values[i];
      if (y != null && Number.isFinite(y)) { t.push(d.x[i]); v.push(y as number); }
    }
    return { id: s.id, label: s.label, t: { t: new Float64Array(t), v: new Float64Array(v) } };
  });
}

export function AlarmChart({ alarm, range }: { alarm: MetricAlarm; range: TimeRange }) {
  const tick = useStore(refreshTick);
  const [data, setData] = useState<Aligned | null>(null);
  const [spans, setSpans] = useState<Span[]>([]);
  const [unit, setUnit] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const { from, to } = resolve(range);
  const period = chartPeriod(alarm.period, from, to);
  const isBand = BAND_COMPARISONS.includes(alarm.comparisonOperator) && !!alarm.thresholdMetricId;

  useEffect(() => {
    const ctl = new AbortController();
    const { from, to } = resolve(range);
    (async () => {
      const queries = alarmQueries(alarm, period);
      const [d, s, band] = await Promise.all([
        runQueries(queries, from, to, ctl.signal),
        alarmSpans([alarm.alarmName], from, to, ctl.signal).catch(() => [] as Span[]),
        isBand ? alarmBand(alarm.alarmName, from, to, ctl.signal).catch(() => null) : Promise.resolve(null),
      ]);
      let out = d;
      if (band?.points?.length) {
        const t = new Float64Array(band.points.map(p => Date.parse(p.timestamp) / 1000));
        out = align([
          ...toRaw(d),
          { id: 'lower', label: 'Band lower', t: { t, v: new Float64Array(band.points.map(p => p.lower)) } },
          { id: 'upper', label: 'Band upper', t: { t, v: new Float64Array(band.points.map(p => p.upper)) } },
        ], d.messages);
        for (const sr of out.series) if (sr.id === 'lower' || sr.id === 'upper') sr.style = { color: '#8c6d31', dash: [4, 3], width: 1 };
      }
      setData(out);
      setSpans(s);
      setError(null);
    })().catch(e => { if (e?.name !== 'AbortError') setError(e.message); });
    if (alarm.namespace && alarm.metricName) unitOf({ namespace: alarm.namespace, metricName: alarm.metricName }).then(setUnit);
    return () => ctl.abort();
  }, [alarm, range, tick, bump, period]);

  // Follow new samples of the metric and the alarm's own state changes while the range ends now.
  useEffect(() => {
    if (range.end) return;
    const key = alarm.namespace && alarm.metricName ? metricKey(alarm.namespace, alarm.metricName) : null;
    let timer: number | undefined;
    const later = () => { if (!timer) timer = window.setTimeout(() => { timer = undefined; setBump(b => b + 1); }, 2000); };
    const offM = onMetrics(keys => { if (key && keys.has(key)) later(); });
    const offA = onAlarm(e => { if (e.alarmName === alarm.alarmName) later(); });
    return () => { offM(); offA(); if (timer) clearTimeout(timer); };
  }, [alarm, range.end]);

  const lower = data?.series.findIndex(s => s.id === 'lower') ?? -1;
  const upper = data?.series.findIndex(s => s.id === 'upper') ?? -1;
  return (
    <div class="card chart-card" data-testid="alarm-chart">
      <div class="chart-caption muted">
        {alarm.metricName ? `${alarm.statistic} of ${alarm.namespace}/${alarm.metricName}` : 'Metric-math expression'} · period {periodText(period)}
        {period !== alarm.period && ` (the alarm's own is ${periodText(alarm.period)}; longer here to fit the range)`}
        {spans.length > 0 && <span class="legend-swatch alarm" aria-hidden="true" />}{spans.length > 0 && ' shaded: in ALARM'}
      </div>
      {error && <p class="widget-msg error" role="alert">{error}</p>}
      {!data && !error && <p class="widget-msg" aria-busy="true">Loading the graph…</p>}
      {data && data.points === 0 && <p class="widget-msg" data-state="empty">No data for this metric in the time range.</p>}
      {data && data.points > 0 && (
        <div class="alarm-chart-host">
          <UPlotChart data={data} timezone={range.timezone} range={{ from, to }} unit={unit} spans={spans}
            thresholds={!isBand && alarm.threshold != null ? [{ label: 'Threshold', value: alarm.threshold }] : []}
            fills={lower >= 0 && upper >= 0 ? [{ lower, upper, color: withAlpha('#8c6d31', 0.15) }] : undefined} />
        </div>
      )}
    </div>
  );
}
