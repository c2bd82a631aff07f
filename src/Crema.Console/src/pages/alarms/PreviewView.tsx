// An alarm preview drawn: the datapoints with the threshold (or band), breaching points marked, ALARM shaded,
// the state timeline it would have followed and its transitions in words.
import { useMemo } from 'preact/hooks';
import { UPlotChart } from '../../charts/UPlotChart';
import type { Aligned } from '../../charts/data';
import type { Span } from '../../charts/alarmSpans';
import { withAlpha } from '../../charts/palette';
import { formatNumber } from '../../format';
import { formatTime, timeRange } from '../../time';
import { useStore } from '../../store';
import { STATE_WORDS, periodText, type Preview } from '../../alarmsApi';

export interface StateSegment { from: number; to: number; state: string }

/** The states from start to end, starting in INSUFFICIENT_DATA like a new alarm. */
export function segmentsOf(start: number, end: number, transitions: { timestamp: string; newState: string }[], initial = 'INSUFFICIENT_DATA'): StateSegment[] {
  const out: StateSegment[] = [];
  let state = initial;
  let since = start;
  for (const t of transitions) {
    const at = Math.min(end, Math.max(start, Date.parse(t.timestamp)));
    if (at > since) out.push({ from: since, to: at, state });
    state = t.newState;
    since = at;
  }
  if (end > since) out.push({ from: since, to: end, state });
  return out;
}

export function StateTimeline({ segments, from, to, testid = 'state-timeline' }: { segments: StateSegment[]; from: number; to: number; testid?: string }) {
  const range = useStore(timeRange);
  const span = Math.max(1, to - from);
  return (
    <div class="timeline" data-testid={testid}>
      <div class="timeline-bar" role="img" aria-label={`State timeline: ${segments.map(s => `${STATE_WORDS[s.state] ?? s.state} from ${formatTime(s.from, range.timezone)}`).join('; ')}`}>
        {segments.map(s => (
          <div key={s.from} class={`seg-state ${s.state.toLowerCase()}`} style={{ left: `${((s.from - from) / span) * 100}%`, width: `${Math.max(0.2, ((s.to - s.from) / span) * 100)}%` }}
            title={`${STATE_WORDS[s.state] ?? s.state}: ${formatTime(s.from, range.timezone)} – ${formatTime(s.to, range.timezone)}`} />
        ))}
      </div>
      <div class="timeline-axis muted"><span>{formatTime(from, range.timezone)}</span><span>{formatTime(to, range.timezone)}</span></div>
      <div class="timeline-legend muted" aria-hidden="true">
        <span><i class="seg-state alarm" /> ALARM</span><span><i class="seg-state ok" /> OK</span><span><i class="seg-state insufficient_data" /> INSUFFICIENT_DATA</span>
      </div>
    </div>
  );
}

export function PreviewView({ preview, busy }: { preview: Preview; busy?: boolean }) {
  const range = useStore(timeRange);
  const from = Date.parse(preview.startTime), to = Date.parse(preview.endTime);

  const { data, spans, segments, counted } = useMemo(() => {
    const pts = preview.datapoints;
    const n = pts.length;
    const x = new Float64Array(n);
    const value: (number | null)[] = new Array(n);
    const breach: (number | null)[] = new Array(n);
    const lower: (number | null)[] = new Array(n);
    const upper: (number | null)[] = new Array(n);
    let hasBand = false, values = 0, breaching = 0;
    for (let i = 0; i < n; i++) {
      const p = pts[i];
      x[i] = Date.parse(p.timestamp) / 1000;
      const v = p.value ?? null;
      value[i] = v;
      if (v !== null) values++;
      breach[i] = p.breaching && v !== null ? v : null;
      if (p.breaching) breaching++;
      lower[i] = p.lower ?? null;
      upper[i] = p.upper ?? null;
      if (p.lower != null || p.upper != null) hasBand = true;
    }
    const series: Aligned['series'] = [
      { id: 'value', label: preview.statistic ? `${preview.statistic} per ${periodText(preview.period)}` : 'Value', values: value },
      { id: 'breaching', label: 'Breaching', values: breach, style: { color: '#d62728', points: 'only', pointSize: 6 } },
    ];
    if (hasBand) {
      series.push({ id: 'lower', label: 'Band lower', values: lower, style: { color: '#8c6d31', dash: [4, 3], width: 1 } });
      series.push({ id: 'upper', label: 'Band upper', values: upper, style: { color: '#8c6d31', dash: [4, 3], width: 1 } });
    }
    const segments = segmentsOf(from, to, preview.transitions);
    const spans: Span[] = segments.filter(s => s.state === 'ALARM').map(s => ({ from: s.from, to: s.to, alarm: 'preview' }));
    return { data: { x, series, messages: [], points: values } as Aligned, spans, segments, counted: { values, breaching, n } };
  }, [preview]);

  const inAlarm = spans.reduce((t, s) => t + (s.to - s.from), 0);
  const band = data.series.length > 2;
  return (
    <div class="preview-body" aria-busy={busy ? 'true' : 'false'}>
      <p class="preview-summary" data-testid="alarm-preview-summary" role="status">
        {counted.values === 0
          ? `No data in these ${counted.n} periods: the alarm would stay in INSUFFICIENT_DATA unless missing data is treated otherwise.`
          : `${counted.values} of ${counted.n} periods have data; ${counted.breaching} ${counted.breaching === 1 ? 'is' : 'are'} breaching. `}
        {counted.values > 0 && (preview.transitions.length === 0 ? 'It would not have changed state. ' : `It would have changed state ${preview.transitions.length} time${preview.transitions.length === 1 ? '' : 's'}${inAlarm > 0 ? `, in ALARM for ${duration(inAlarm)}` : ''}. `)}
        It ends in <strong data-testid="alarm-preview-final" data-state={preview.finalState}>{preview.finalState}</strong>.
      </p>
      <div class="preview-chart">
        <UPlotChart data={data} timezone={range.timezone} range={{ from, to }} spans={spans} height={240}
          thresholds={preview.threshold != null && !band ? [{ label: 'Threshold', value: preview.threshold }] : []}
          fills={band ? [{ lower: 2, upper: 3, color: withAlpha('#8c6d31', 0.15) }] : undefined} />
      </div>
      <StateTimeline segments={segments} from={from} to={to} testid="alarm-preview-timeline" />
      {preview.transitions.length > 0 && (
        <details class="transitions" open={preview.transitions.length <= 6}>
          <summary>State changes ({preview.transitions.length})</summary>
          <ol class="plain" data-testid="alarm-preview-transitions">
            {preview.transitions.map(t => (
              <li key={t.timestamp + t.newState}>
                <span class="nowrap">{formatTime(Date.parse(t.timestamp), range.timezone)}</span> {t.oldState} → <strong>{t.newState}</strong>
                <div class="reason muted">{t.reason}</div>
              </li>
            ))}
          </ol>
        </details>
      )}
      {preview.threshold != null && !band && <p class="muted small">Threshold {formatNumber(preview.threshold)}; {preview.datapointsToAlarm} of {preview.evaluationPeriods} periods must breach; missing data: {preview.treatMissingData}.</p>}
    </div>
  );
}

function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}
