// A target's capacity (DesiredCapacity, ActualCapacity from Crema/Scaling) on the left axis against the metric its
// target-tracking policy holds on the right axis, the target value dashed, and each activity a vertical marker
// (green successful, red failed, amber otherwise). Its own uPlot: the shared chart has one y axis only.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { runQueries, type Aligned, type MetricQuery } from '../../charts/data';
import { formatNumber } from '../../format';
import { cssVar, theme } from '../../theme';
import { useStore } from '../../store';
import { onMetrics, metricKey } from '../../live';
import { autoPeriod, refreshTick, resolve, type TimeRange } from '../../time';
import { policyQueries, secondsText, type ScalableTarget, type ScalingActivity, type ScalingPolicy } from '../../scalingApi';

const DESIRED = '#2f7ed8';
const ACTUAL = '#009e73';
const METRIC = '#e69f00';

function statusColor(status: string): string {
  return status === 'Successful' ? 'rgba(30, 150, 60, 0.75)' : status === 'Failed' ? 'rgba(213, 60, 40, 0.85)' : 'rgba(200, 140, 0, 0.8)';
}

/** Capacity is recorded only when it changes: carry the target's present values to now so the steps reach the right edge. */
function withNow(d: Aligned, now: number, target: ScalableTarget): Aligned {
  const desired = d.series.find(s => s.id === 'desired'), actual = d.series.find(s => s.id === 'actual');
  if (!desired && !actual) return d;
  const n = d.x.length;
  const x = new Float64Array(n + 1);
  x.set(d.x);
  x[n] = Math.max(now, n ? d.x[n - 1] : now);
  const series = d.series.map(s => {
    const v: (number | null | undefined)[] = Array.from(s.values as ArrayLike<number | null | undefined>);
    v.push(s.id === 'desired' ? target.desiredCapacity : s.id === 'actual' ? target.actualCapacity ?? undefined : undefined);
    return { ...s, values: v };
  });
  return { ...d, x, series };
}

export function ScalingChart({ target, policy, activities, range, bump }: {
  target: ScalableTarget; policy: ScalingPolicy | null; activities: ScalingActivity[]; range: TimeRange; bump: number;
}) {
  const tick = useStore(refreshTick);
  const [data, setData] = useState<Aligned | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [liveBump, setLiveBump] = useState(0);
  const { from, to } = resolve(range);
  const tt = policy?.targetTracking ?? null;
  const metric = tt?.metric ?? null;
  const period = Math.max(tt?.period ?? 60, autoPeriod(from, to, 1500));

  useEffect(() => {
    const ctl = new AbortController();
    const { from, to } = resolve(range);
    const dims = [{ name: 'ScalableTarget', value: target.name }];
    const queries: MetricQuery[] = [
      { id: 'desired', label: 'Desired capacity', metricStat: { metric: { namespace: 'Crema/Scaling', metricName: 'DesiredCapacity', dimensions: dims }, stat: 'Maximum', period }, returnData: true },
      { id: 'actual', label: 'Actual capacity', metricStat: { metric: { namespace: 'Crema/Scaling', metricName: 'ActualCapacity', dimensions: dims }, stat: 'Maximum', period }, returnData: true },
      ...(metric ? policyQueries(metric, period) : []),
    ];
    runQueries(queries, from, to, ctl.signal)
      .then(d => { setData(range.end ? d : withNow(d, to / 1000, target)); setError(null); })
      .catch(e => { if (e?.name !== 'AbortError') setError(e.message); });
    return () => ctl.abort();
  }, [target.name, target.desiredCapacity, target.actualCapacity, metric, range, tick, bump, liveBump, period]);

  // While the range ends now, follow new capacity samples and the policy's metric.
  useEffect(() => {
    if (range.end) return;
    const keys = [metricKey('Crema/Scaling', 'DesiredCapacity'), metricKey('Crema/Scaling', 'ActualCapacity')];
    if (metric?.namespace && metric.metricName) keys.push(metricKey(metric.namespace, metric.metricName));
    let timer: number | undefined;
    const off = onMetrics(k => {
      if (keys.some(x => k.has(x)) && !timer) timer = window.setTimeout(() => { timer = undefined; setLiveBump(b => b + 1); }, 3000);
    });
    return () => { off(); if (timer) clearTimeout(timer); };
  }, [metric, range.end]);

  const inRange = activities.filter(a => { const t = Date.parse(a.startTime); return t >= from && t <= to; });
  const hasMetric = !!data?.series.some(s => s.id !== 'desired' && s.id !== 'actual');
  return (
    <div class="card chart-card" data-testid="scaling-chart" data-activities={inRange.length}>
      <div class="chart-caption muted">
        Capacity ({target.capacityUnit}, left axis: desired solid, actual dashed)
        {metric ? <> against {metric.label ?? `${metric.statistic ?? ''} ${metric.metricName ?? 'the metric'}`.trim()} (right axis, target {formatNumber(tt?.targetValue ?? null, metric.unit)} dashed)</> : ' (no target-tracking policy: no metric to show)'}
        {' '}· period {secondsText(period)} · {inRange.length} {inRange.length === 1 ? 'activity' : 'activities'} marked
      </div>
      {error && <p class="widget-msg error" role="alert">{error}</p>}
      {!data && !error && <p class="widget-msg" aria-busy="true">Loading the graph…</p>}
      {data && data.points === 0 && <p class="widget-msg" data-state="empty">No capacity or metric data in the time range.</p>}
      {data && data.points > 0 && (
        <div class="alarm-chart-host">
          <DualAxisPlot data={data} range={{ from, to }} timezone={range.timezone} unit={metric?.unit ?? null}
            targetValue={hasMetric ? tt?.targetValue ?? null : null} activities={inRange} capacityUnit={target.capacityUnit} />
        </div>
      )}
    </div>
  );
}

function DualAxisPlot({ data, range, timezone, unit, targetValue, activities, capacityUnit }: {
  data: Aligned; range: { from: number; to: number }; timezone: 'local' | 'UTC'; unit: string | null; targetValue: number | null;
  activities: ScalingActivity[]; capacityUnit: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ range, targetValue, activities, unit });
  latest.current = { range, targetValue, activities, unit };
  const t = useStore(theme);

  useEffect(() => {
    const el = host.current!;
    plot.current?.destroy();
    const text = cssVar('--text-muted') || '#666';
    const grid = cssVar('--grid') || 'rgba(128,128,128,0.2)';
    const stepped = uPlot.paths.stepped!({ align: 1 });
    const series: uPlot.Series[] = [
      { label: 'Time', value: (_u, v) => (v == null ? '–' : new Date(v * 1000).toLocaleString(undefined, timezone === 'UTC' ? { timeZone: 'UTC' } : {})) },
      ...data.series.map((s): uPlot.Series => {
        const cap = s.id === 'desired' || s.id === 'actual';
        const c = s.id === 'desired' ? DESIRED : s.id === 'actual' ? ACTUAL : METRIC;
        return {
          label: s.label,
          scale: cap ? 'cap' : 'm',
          stroke: c,
          width: s.id === 'desired' ? 2 : 1.5,
          dash: s.id === 'actual' ? [6, 3] : undefined,
          paths: cap ? stepped : undefined,
          points: cap ? { show: true, size: 5, fill: c, stroke: c } : { show: false },
          spanGaps: true,
          value: (_u, v) => formatNumber(v, cap ? null : latest.current.unit),
        };
      }),
    ];
    const opts: uPlot.Options = {
      width: Math.max(100, el.clientWidth),
      height: Math.max(120, el.clientHeight || 320),
      series,
      legend: { show: true, live: true },
      cursor: { points: { show: false } },
      tzDate: timezone === 'UTC' ? ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') : undefined,
      scales: {
        x: { time: true, range: () => [latest.current.range.from / 1000, latest.current.range.to / 1000] },
        cap: { range: (_u, lo, hi) => [0, Math.max(1, Math.ceil((hi ?? 1) * 1.15))] },
        m: {
          range: (_u, lo, hi) => {
            let a = lo ?? 0, b = hi ?? 1;
            if (!Number.isFinite(a) || !Number.isFinite(b)) { a = 0; b = 1; }
            const tv = latest.current.targetValue;
            if (tv != null) { a = Math.min(a, tv); b = Math.max(b, tv); }
            const [x, y] = uPlot.rangeNum(Math.min(0, a), b, 0.1, true);
            return [x, y];
          },
        },
      },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
        { scale: 'cap', stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, label: capacityUnit, size: 56,
          values: (_u, ticks) => ticks.map(v => (Number.isInteger(v) ? String(v) : '')) },
        { scale: 'm', side: 1, stroke: METRIC, grid: { show: false }, ticks: { stroke: grid, width: 1 }, size: 64,
          values: (_u, ticks) => ticks.map(v => formatNumber(v, latest.current.unit)) },
      ],
      hooks: {
        draw: [u => {
          const { ctx, bbox } = u;
          const l = latest.current;
          ctx.save();
          ctx.lineWidth = Math.max(1, devicePixelRatio) * 1.5;
          for (const a of l.activities) {
            const x = Math.round(u.valToPos(Date.parse(a.startTime) / 1000, 'x', true)) + 0.5;
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            ctx.strokeStyle = statusColor(a.status);
            ctx.setLineDash(a.status === 'Successful' ? [] : [3 * devicePixelRatio, 3 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            // A small triangle at the top says which way the capacity went.
            ctx.setLineDash([]);
            ctx.fillStyle = statusColor(a.status);
            const up = a.toCapacity >= a.fromCapacity, s = 5 * devicePixelRatio, y = bbox.top + s + 1;
            ctx.beginPath();
            ctx.moveTo(x - s, up ? y + s / 2 : y - s / 2);
            ctx.lineTo(x + s, up ? y + s / 2 : y - s / 2);
            ctx.lineTo(x, up ? y - s / 2 : y + s / 2);
            ctx.fill();
          }
          if (l.targetValue != null) {
            const y = Math.round(u.valToPos(l.targetValue, 'm', true)) + 0.5;
            if (y >= bbox.top && y <= bbox.top + bbox.height) {
              ctx.strokeStyle = METRIC;
              ctx.lineWidth = Math.max(1, devicePixelRatio);
              ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(bbox.left, y);
              ctx.lineTo(bbox.left + bbox.width, y);
              ctx.stroke();
              ctx.fillStyle = METRIC;
              ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
              ctx.textAlign = 'right';
              ctx.fillText(`Target ${formatNumber(l.targetValue, l.unit)}`, bbox.left + bbox.width - 4, y - 4 * devicePixelRatio);
            }
          }
          ctx.restore();
        }],
      },
    };
    const u = new uPlot(opts, [data.x, ...data.series.map(s => s.values)] as unknown as uPlot.AlignedData, el);
    u.ctx.canvas.dataset.testid = 'chart-canvas';
    u.ctx.canvas.setAttribute('role', 'img');
    u.ctx.canvas.setAttribute('aria-label', `Chart of ${data.series.map(s => s.label).join(', ')} with ${activities.length} scaling activities marked`);
    plot.current = u;
    fit();
    requestAnimationFrame(fit);
  }, [data, t, timezone, capacityUnit]);

  useEffect(() => { plot.current?.redraw(false); }, [activities, targetValue, range.from, range.to]);

  function fit() {
    const u = plot.current, el = host.current;
    if (!u || !el || el.clientWidth === 0 || el.clientHeight === 0) return;
    const leg = u.root.querySelector('.u-legend') as HTMLElement | null;
    const w = Math.max(100, el.clientWidth);
    const h = Math.max(120, el.clientHeight - (leg?.offsetHeight ?? 0) - 4);
    if (u.width !== w || u.height !== h) u.setSize({ width: w, height: h });
  }

  useEffect(() => {
    const ro = new ResizeObserver(() => fit());
    ro.observe(host.current!);
    return () => { ro.disconnect(); plot.current?.destroy(); plot.current = null; };
  }, []);

  return <div class="chart-host" ref={host} />;
}
