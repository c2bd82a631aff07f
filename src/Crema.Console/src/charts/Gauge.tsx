// A half-circle SVG gauge of the first series' latest value between min and max, with threshold ticks.
import type { Aligned } from './data';
import { formatNumber } from '../format';
import { lastValue } from './SingleValue';

const R = 80, CX = 100, CY = 100;

function point(f: number, r = R): [number, number] {
  const a = Math.PI * (1 - f);
  return [CX + r * Math.cos(a), CY - r * Math.sin(a)];
}

function arc(f0: number, f1: number): string {
  const [x0, y0] = point(f0), [x1, y1] = point(f1);
  return `M${x0.toFixed(2)} ${y0.toFixed(2)} A${R} ${R} 0 0 1 ${x1.toFixed(2)} ${y1.toFixed(2)}`;
}

export function Gauge({ data, unit, min, max, thresholds }: { data: Aligned; unit: string | null; min: number; max: number; thresholds?: { label?: string; value: number }[] }) {
  const s = data.series[0];
  const { value } = s ? lastValue(s.values) : { value: null };
  const span = max - min || 1;
  const f = value === null ? 0 : Math.min(1, Math.max(0, (value - min) / span));
  const over = thresholds?.some(t => value !== null && value >= t.value);
  return (
    <div class="gauge" data-testid="gauge">
      <svg viewBox="0 0 200 120" role="img" aria-label={`${s?.label ?? 'Value'}: ${formatNumber(value, unit)} of ${formatNumber(max, unit)}`}>
        <path d={arc(0, 1)} class="gauge-track" fill="none" stroke-width="16" />
        {value !== null && f > 0 && <path d={arc(0, Math.max(0.001, f))} class={over ? 'gauge-fill over' : 'gauge-fill'} fill="none" stroke-width="16" />}
        {(thresholds ?? []).map(t => {
          const tf = Math.min(1, Math.max(0, (t.value - min) / span));
          const [x0, y0] = point(tf, R - 12), [x1, y1] = point(tf, R + 12);
          return <line key={t.value} x1={x0} y1={y0} x2={x1} y2={y1} class="gauge-threshold" stroke-width="2"><title>{`${t.label ?? 'Threshold'} ${formatNumber(t.value, unit)}`}</title></line>;
        })}
        <text x={CX} y={CY - 8} text-anchor="middle" class="gauge-value">{formatNumber(value, unit)}</text>
        <text x={CX - R} y={CY + 16} text-anchor="middle" class="gauge-scale">{formatNumber(min)}</text>
        <text x={CX + R} y={CY + 16} text-anchor="middle" class="gauge-scale">{formatNumber(max)}</text>
      </svg>
      <div class="sv-label">{s?.label}</div>
    </div>
  );
}
