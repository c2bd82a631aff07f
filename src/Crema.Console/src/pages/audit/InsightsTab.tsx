// Insights: unusual call or error rates. The chart shows the calls and errors per minute (the Crema/Audit
// metrics the insights service publishes) with each insight's period shaded; the list gives the details.
import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading } from '../../components/common';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { UPlotChart } from '../../charts/UPlotChart';
import { runQueries, type Aligned, type MetricQuery } from '../../charts/data';
import type { Span } from '../../charts/alarmSpans';
import { listInsights, type Insight } from '../../auditApi';
import { autoPeriod, formatTime, refreshTick, resolve, timeRange } from '../../time';
import { useStore } from '../../store';
import { formatNumber } from '../../format';

const NS = 'Crema/Audit';

/** Calls and errors per period summed over every event name (a wildcard query and metric math SUM). */
function rates(from: number, to: number, signal: AbortSignal): Promise<Aligned> {
  const period = Math.max(60, autoPeriod(from, to, 600));
  const per = period >= 3600 ? `${period / 3600} h` : `${period / 60} min`;
  const stat = (id: string, metricName: string): MetricQuery => ({
    id, returnData: false,
    metricStat: { metric: { namespace: NS, metricName, dimensions: [{ name: 'EventName', value: '*' }] }, stat: 'Sum', period },
  });
  return runQueries([
    stat('c', 'CallCount'), { id: 'calls', label: `Calls per ${per}`, expression: 'SUM(c)' },
    stat('e', 'ErrorCount'), { id: 'errors', label: `Errors per ${per}`, expression: 'SUM(e)' },
  ], from, to, signal);
}

export function InsightsTab() {
  const range = useStore(timeRange);
  const tick = useStore(refreshTick);
  const [data, setData] = useState<Aligned | null>(null);
  const [insights, setInsights] = useState<Insight[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chartError, setChartError] = useState<string | null>(null);
  const { from, to } = resolve(range);

  useEffect(() => {
    const ctl = new AbortController();
    const { from, to } = resolve(range);
    listInsights(from, to, ctl.signal).then(i => { setInsights(i.sort((a, b) => b.start.localeCompare(a.start))); setError(null); })
      .catch(e => { if (e?.name !== 'AbortError') setError(e.message); });
    rates(from, to, ctl.signal).then(d => { setData(d); setChartError(null); })
      .catch(e => { if (e?.name !== 'AbortError') setChartError(e.message); });
    return () => ctl.abort();
  }, [range, tick]);

  const spans: Span[] = (insights ?? []).map(i => ({ from: Date.parse(i.start), to: i.end ? Date.parse(i.end) : to, alarm: i.eventName }));
  const t = (s: string) => formatTime(Date.parse(s), range.timezone);
  return (
    <section aria-label="Insights">
      <TimeRangePicker />
      <p class="muted">An insight opens when an event’s call or error rate departs from its usual rate (the same hour in earlier weeks, or the hours before) and closes when it returns.</p>
      <div class="card chart-card" data-testid="audit-insights-chart">
        <div class="chart-caption muted">Calls and errors over time{spans.length > 0 && <> · <span class="legend-swatch insight" aria-hidden="true" /> shaded: insight periods</>}</div>
        {chartError && <p class="widget-msg error" role="alert">{chartError}</p>}
        {!data && !chartError && <p class="widget-msg" aria-busy="true">Loading the rates…</p>}
        {data && data.points === 0 && <p class="widget-msg">No call rates recorded in this range yet (they are published each minute).</p>}
        {data && data.points > 0 && (
          <div class="alarm-chart-host">
            <UPlotChart data={data} timezone={range.timezone} range={{ from, to }} spans={spans} spanColor="rgba(230, 159, 0, 0.22)" />
          </div>
        )}
      </div>
      <h2 class="section-title">Insights</h2>
      <ErrorBox error={error} />
      {!insights && !error && <Loading what="Loading the insights" />}
      {insights && insights.length === 0 && <Empty>No unusual call or error rates in this time range.</Empty>}
      {insights && insights.length > 0 && (
        <table class="table" data-testid="audit-insights-table">
          <thead><tr><th scope="col">Event</th><th scope="col">Kind</th><th scope="col">When</th><th scope="col" class="num">Usual / seen per min</th><th scope="col" class="hide-narrow">Top users, sources, errors</th></tr></thead>
          <tbody>
            {insights.map(i => (
              <tr key={i.id} data-insight={i.id}>
                <td><a href={`/audit?eventName=${encodeURIComponent(i.eventName)}`}>{i.eventName}</a></td>
                <td>{i.kind === 'ErrorRate' ? 'Error rate' : 'Call rate'}</td>
                <td class="nowrap">{t(i.start)} – {i.end ? t(i.end) : <strong>ongoing</strong>}</td>
                <td class="num">{formatNumber(i.baseline)} / <strong>{formatNumber(i.observed)}</strong></td>
                <td class="hide-narrow small">{top(i.details?.topUsers, 'users')}{top(i.details?.topSources, 'from')}{top(i.details?.topErrors, 'errors')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function top(list: { value: string; count: number }[] | undefined, what: string) {
  if (!list?.length) return null;
  return <div><span class="muted">{what}:</span> {list.map(x => `${x.value} (${x.count})`).join(', ')}</div>;
}
