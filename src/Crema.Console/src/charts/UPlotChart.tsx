// A time-series chart drawn by uPlot: lines, stacked areas or bars, legend, axis units, threshold lines,
// alarm shading and drag-to-zoom. Data stays in typed arrays; uPlot draws 100k points in a few ms.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Aligned, Values } from './data';
import type { Span } from './alarmSpans';
import { color, withAlpha } from './palette';
import { formatNumber, unitSuffix } from '../format';
import { cssVar, theme } from '../theme';
import { useStore } from '../store';
import type { Zone } from '../time';

export interface Threshold { label?: string; value: number; color?: string }

export interface ChartProps {
  data: Aligned;
  view?: 'timeSeries' | 'bar';
  stacked?: boolean;
  unit?: string | null;
  yLabel?: string | null;
  yMin?: number | null;
  yMax?: number | null;
  legend?: 'bottom' | 'right' | 'hidden';
  thresholds?: Threshold[];
  spans?: Span[];
  /** Fill between two series (indexes into data.series), e.g. an anomaly band's lower and upper. */
  fills?: { upper: number; lower: number; color: string }[];
  /** The shading colour of spans (default: alarm red). */
  spanColor?: string;
  timezone: Zone;
  range: { from: number; to: number };
  onZoom?: (from: number, to: number) => void;
  /** Called after each draw with the milliseconds since the chart was created or given data. */
  onDrawn?: (ms: number) => void;
  height?: number;
}

function stack(series: Values[]): Values[] {
  const out: Values[] = [];
  let prev: Float64Array | null = null;
  for (const s of series) {
    const acc = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) acc[i] = (prev ? prev[i] : 0) + ((s[i] as number | null | undefined) ?? 0);
    out.push(acc);
    prev = acc;
  }
  return out;
}

export function UPlotChart(p: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const keyRef = useRef('');
  const latest = useRef(p);
  latest.current = p;
  const t = useStore(theme);
  const started = useRef(0);

  const view = p.view ?? 'timeSeries';
  const legend = p.legend ?? 'bottom';
  const key = JSON.stringify([view, p.stacked, legend, p.unit, p.yLabel, p.yMin, p.yMax, p.timezone, t, p.data.series.map(s => [s.label, s.style]), p.thresholds, p.fills]);

  useEffect(() => {
    const el = host.current!;
    const values = p.data.series.map(s => s.values);
    const shown = p.stacked && view === 'timeSeries' ? stack(values) : values;
    const data = [p.data.x, ...shown] as unknown as uPlot.AlignedData;
    started.current = performance.now();
    if (plot.current && keyRef.current === key) {
      plot.current.setData(data);
      return;
    }
    plot.current?.destroy();
    keyRef.current = key;

    const text = cssVar('--text-muted') || '#666';
    const grid = cssVar('--grid') || 'rgba(128,128,128,0.2)';
    const unit = p.unit;
    const axisValues = (_u: uPlot, ticks: number[]) => ticks.map(v => formatNumber(v, unit));
    const bars = view === 'bar' ? uPlot.paths.bars!({ size: [0.7, 60], align: 0 }) : undefined;
    const orig = p.data.series.map(s => s.values);
    const series: uPlot.Series[] = [
      { label: 'Time', value: (_u, v) => (v == null ? '–' : new Date(v * 1000).toLocaleString(undefined, p.timezone === 'UTC' ? { timeZone: 'UTC' } : {})) },
      ...p.data.series.map((s, i): uPlot.Series => {
        const st = s.style;
        const c = st?.color ?? color(i);
        return {
          label: s.label,
          stroke: c,
          width: st?.width ?? 1.5,
          dash: st?.dash,
          fill: st?.fill ?? (p.stacked || view === 'bar' ? withAlpha(color(i), view === 'bar' ? 0.6 : 0.35) : undefined),
          paths: st?.points === 'only' ? () => null : bars,
          // A lone point draws no line: sparse series (a few hourly sums) show their points.
          points: st?.points ? { show: true, size: st.pointSize ?? 7, fill: c, stroke: c } : { show: view !== 'bar' && definedCount(s.values) <= 3, size: 6, fill: c, stroke: c },
          spanGaps: st?.points !== 'only',
          value: (_u, _v, si, idx) => (idx == null ? '–' : formatNumber(orig[si - 1][idx] as number | null, unit)),
        };
      }),
    ];
    const bands: uPlot.Band[] = [];
    if (p.stacked && view === 'timeSeries') for (let i = 2; i < series.length; i++) bands.push({ series: [i, i - 1] });
    for (const f of p.fills ?? []) bands.push({ series: [f.upper + 1, f.lower + 1], fill: f.color });

    const opts: uPlot.Options = {
      width: Math.max(100, el.clientWidth),
      height: Math.max(60, el.clientHeight || p.height || 240),
      series,
      bands,
      legend: { show: legend !== 'hidden', live: true },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      tzDate: p.timezone === 'UTC' ? ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') : undefined,
      scales: {
        x: { time: true, range: () => [latest.current.range.from / 1000, latest.current.range.to / 1000] },
        y: {
          range: (_u, dmin, dmax) => {
            const l = latest.current;
            let lo = dmin, hi = dmax;
            if (lo == null || hi == null || !Number.isFinite(lo)) { lo = 0; hi = 1; }
            for (const th of l.thresholds ?? []) { lo = Math.min(lo, th.value); hi = Math.max(hi, th.value); }
            if (p.stacked || view === 'bar') lo = Math.min(0, lo);
            const [a, b] = uPlot.rangeNum(lo, hi, 0.1, true);
            return [l.yMin ?? a, l.yMax ?? b];
          },
        },
      },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
        {
          stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, values: axisValues,
          label: p.yLabel ? (unitSuffix(unit) ? `${p.yLabel} (${unitSuffix(unit)})` : p.yLabel) : undefined,
          size: 56,
        },
      ],
      hooks: {
        drawClear: [u => {
          const spans = latest.current.spans;
          if (!spans?.length) return;
          const { ctx, bbox } = u;
          ctx.save();
          ctx.fillStyle = latest.current.spanColor ?? 'rgba(213, 60, 40, 0.16)';
          for (const s of spans) {
            const x0 = Math.max(bbox.left, u.valToPos(s.from / 1000, 'x', true));
            const x1 = Math.min(bbox.left + bbox.width, u.valToPos(s.to / 1000, 'x', true));
            if (x1 > x0) ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
          }
          ctx.restore();
        }],
        draw: [u => {
          const th = latest.current.thresholds;
          if (th?.length) {
            const { ctx, bbox } = u;
            ctx.save();
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
            ctx.textAlign = 'right';
            for (const h of th) {
              const y = Math.round(u.valToPos(h.value, 'y', true)) + 0.5;
              if (y < bbox.top || y > bbox.top + bbox.height) continue;
              ctx.strokeStyle = h.color || '#d62728';
              ctx.beginPath();
              ctx.moveTo(bbox.left, y);
              ctx.lineTo(bbox.left + bbox.width, y);
              ctx.stroke();
              ctx.fillStyle = h.color || '#d62728';
              ctx.fillText(`${h.label ?? ''} ${formatNumber(h.value, unit)}`.trim(), bbox.left + bbox.width - 4, y - 4 * devicePixelRatio);
            }
            ctx.restore();
          }
          latest.current.onDrawn?.(performance.now() - started.current);
        }],
        setSelect: [u => {
          const w = u.select.width;
          if (w > 4 && latest.current.onZoom) {
            const a = u.posToVal(u.select.left, 'x');
            const b = u.posToVal(u.select.left + w, 'x');
            latest.current.onZoom(Math.round(a * 1000), Math.round(b * 1000));
          }
          if (w > 0) u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        }],
      },
    };
    const u = new uPlot(opts, data, el);
    u.ctx.canvas.dataset.testid = 'chart-canvas';
    u.ctx.canvas.setAttribute('role', 'img');
    u.ctx.canvas.setAttribute('aria-label', `Chart of ${p.data.series.map(s => s.label).join(', ') || 'no series'}`);
    if (legend === 'right') u.root.classList.add('legend-right');
    plot.current = u;
    fit();
    requestAnimationFrame(fit);
  }, [p.data, key]);

  useEffect(() => {
    plot.current?.redraw(false);
  }, [p.spans, p.range.from, p.range.to]);

  function fit() {
    const u = plot.current, el = host.current;
    // Hidden or collapsed for a moment (display:none, a zero-size viewport): keep the last size.
    if (!u || !el || el.clientWidth === 0 || el.clientHeight === 0) return;
    const leg = u.root.querySelector('.u-legend') as HTMLElement | null;
    const right = latest.current.legend === 'right';
    // The legend's size depends on the plot's size (it wraps): settle in at most three passes.
    for (let pass = 0; pass < 3; pass++) {
      const lw = right && leg ? leg.offsetWidth : 0;
      const lh = !right && leg ? leg.offsetHeight : 0;
      const w = Math.max(100, el.clientWidth - lw);
      const h = Math.max(60, (el.clientHeight || latest.current.height || 240) - lh - 4);
      if (u.width === w && u.height === h) break;
      u.setSize({ width: w, height: h });
    }
  }

  useEffect(() => {
    const ro = new ResizeObserver(() => fit());
    ro.observe(host.current!);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  return <div class="chart-host" ref={host} />;
}

/** How many values of a series are not null (a handful means a line would be invisible). */
function definedCount(values: ArrayLike<number | null | undefined>): number {
  let n = 0;
  for (let i = 0; i < values.length && n <= 3; i++) if (values[i] != null && !Number.isNaN(values[i] as number)) n++;
  return n;
}
