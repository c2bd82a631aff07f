// The latest value of each series, its change since the start of the range, and a sparkline.
import type { Aligned, Values } from './data';
import { formatNumber } from '../format';
import { color } from './palette';

function lastValue(v: Values): { value: number | null; index: number } {
  for (let i = v.length - 1; i >= 0; i--) {
    const x = v[i];
    if (x != null && Number.isFinite(x)) return { value: x as number, index: i };
  }
  return { value: null, index: -1 };
}

function firstValue(v: Values): number | null {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x != null && Number.isFinite(x)) return x as number;
  }
  return null;
}

/** An SVG polyline of at most ~200 points (min/max per bucket keeps spikes visible). */
function sparkPath(x: Float64Array, v: Values, w: number, h: number): string {
  const n = v.length;
  if (n < 2) return '';
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { const y = v[i]; if (y != null && Number.isFinite(y)) { if (y! < lo) lo = y!; if (y! > hi) hi = y!; } }
  if (!Number.isFinite(lo)) return '';
  if (hi === lo) { hi += 1; lo -= 1; }
  const x0 = x[0], x1 = x[n - 1] || x0 + 1;
  const step = Math.max(1, Math.floor(n / 100));
  let d = '';
  for (let i = 0; i < n; i += step) {
    let bmin = Infinity, bmax = -Infinity;
    for (let j = i; j < Math.min(n, i + step); j++) { const y = v[j]; if (y != null && Number.isFinite(y)) { bmin = Math.min(bmin, y!); bmax = Math.max(bmax, y!); } }
    if (!Number.isFinite(bmin)) continue;
    const px = ((x[i] - x0) / (x1 - x0 || 1)) * w;
    for (const y of bmin === bmax ? [bmin] : [bmax, bmin]) {
      const py = h - ((y - lo) / (hi - lo)) * h;
      d += (d ? 'L' : 'M') + px.toFixed(1) + ' ' + py.toFixed(1);
    }
  }
  return d;
}

export function SingleValue({ data, unit, sparkline }: { data: Aligned; unit: string | null; sparkline: boolean }) {
  const shown = data.series.slice(0, 4);
  return (
    <div class={`single-values n${shown.length}`}>
      {shown.map((s, i) => {
        const { value } = lastValue(s.values);
        const first = firstValue(s.values);
        const change = value !== null && first !== null && first !== 0 ? ((value - first) / Math.abs(first)) * 100 : null;
        return (
          <div class="single-value" key={s.id + s.label} data-testid="single-value">
            <div class="sv-label">{s.label}</div>
            <div class="sv-number" style={{ color: shown.length > 1 ? color(i) : undefined }}>{formatNumber(value, unit)}</div>
            {sparkline && change !== null && (
              <div class={`sv-change ${change > 0 ? 'up' : change < 0 ? 'down' : ''}`} title="Change since the start of the time range">
                {change > 0 ? '▲' : change < 0 ? '▼' : '■'} {Math.abs(change).toFixed(1)}% vs. start
              </div>
            )}
            {sparkline && (
              <svg class="sparkline" viewBox="0 0 200 40" preserveAspectRatio="none" aria-hidden="true">
                <path d={sparkPath(data.x, s.values, 200, 40)} fill="none" stroke={color(i)} stroke-width="1.5" vector-effect="non-scaling-stroke" />
              </svg>
            )}
          </div>
        );
      })}
    </div>
  );
}

export { lastValue };
