// Add or edit a widget with a form: type, title, series (namespace / metric / dimensions pickers from the
// metric catalog, or expressions), statistic, period, view, axis, legend, thresholds, alarm shading.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Modal, ErrorBox } from '../components/common';
import { dimsKey, dimsText, loadCatalog, PERIODS, STATS, type Catalog } from '../catalog';
import type { MetricQuery } from '../charts/data';
import type { MetricProps, Widget } from '../widgets/types';

interface Row { kind: 'metric' | 'expression'; id: string; label: string; namespace: string; metricName: string; dims: string; expression: string; stat: string }

function rowsOf(p: MetricProps): Row[] {
  return (p.metrics ?? []).map(q => q.metricStat
    ? { kind: 'metric', id: q.id, label: q.label ?? '', namespace: q.metricStat.metric.namespace, metricName: q.metricStat.metric.metricName, dims: dimsKey(q.metricStat.metric.dimensions), expression: '', stat: q.metricStat.stat ?? '' }
    : { kind: 'expression', id: q.id, label: q.label ?? '', namespace: '', metricName: '', dims: '', expression: q.expression ?? '', stat: '' });
}

function toQueries(rows: Row[]): MetricQuery[] {
  return rows.map(r => {
    const base: MetricQuery = { id: r.id };
    if (r.label.trim()) base.label = r.label.trim();
    if (r.kind === 'expression') return { ...base, expression: r.expression.trim() };
    const dimensions = (JSON.parse(r.dims || '[]') as [string, string][]).map(([name, value]) => ({ name, value }));
    const q: MetricQuery = { ...base, metricStat: { metric: { namespace: r.namespace, metricName: r.metricName, dimensions } } };
    if (r.stat) q.metricStat!.stat = r.stat;
    return q;
  });
}

function nextId(rows: Row[], prefix: string): string {
  for (let i = 1; ; i++) if (!rows.some(r => r.id === `${prefix}${i}`)) return `${prefix}${i}`;
}

const num = (s: string) => (s.trim() === '' ? null : Number(s));

export function WidgetEditor({ widget, onSave, onClose }: { widget: Widget | null; onSave: (w: Widget) => void; onClose: () => void }) {
  const [type, setType] = useState<Widget['type']>(widget?.type ?? 'metric');
  const mp: MetricProps = widget?.type === 'metric' ? widget.properties : { metrics: [], view: 'timeSeries', stat: 'Average', period: 60 };
  const [title, setTitle] = useState<string>((widget?.properties as any)?.title ?? '');
  const [view, setView] = useState(mp.view ?? 'timeSeries');
  const [stacked, setStacked] = useState(!!mp.stacked);
  const [stat, setStat] = useState(mp.stat ?? 'Average');
  const [period, setPeriod] = useState(String(mp.period ?? 60));
  const [rows, setRows] = useState<Row[]>(() => rowsOf(mp));
  const [yLabel, setYLabel] = useState(mp.yAxis?.left?.label ?? '');
  const [yMin, setYMin] = useState(mp.yAxis?.left?.min == null ? '' : String(mp.yAxis.left.min));
  const [yMax, setYMax] = useState(mp.yAxis?.left?.max == null ? '' : String(mp.yAxis.left.max));
  const [legend, setLegend] = useState(mp.legend?.position ?? 'bottom');
  const [thresholds, setThresholds] = useState((mp.annotations?.horizontal ?? []).map(h => ({ label: h.label ?? '', value: String(h.value) })));
  const [shadeAlarms, setShadeAlarms] = useState((mp.alarms ?? []).join(', '));
  const [sparkline, setSparkline] = useState(mp.sparkline !== false);
  const [markdown, setMarkdown] = useState(widget?.type === 'text' ? widget.properties.markdown : '## Notes\n');
  const [alarmNames, setAlarmNames] = useState(widget?.type === 'alarm' ? (widget.properties.alarms ?? []).join(', ') : '');
  const [alarmPrefix, setAlarmPrefix] = useState(widget?.type === 'alarm' ? widget.properties.alarmNamePrefix ?? '' : '');
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catError, setCatError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (type === 'metric') loadCatalog().then(setCatalog).catch(e => setCatError(e.message));
  }, [type]);

  const update = (i: number, patch: Partial<Row>) => setRows(rs => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function save(e: Event) {
    e.preventDefault();
    const list = (s: string) => s.split(',').map(x => x.trim()).filter(Boolean);
    const pos = widget ? { x: widget.x, y: widget.y, width: widget.width, height: widget.height } : { x: 0, y: 10000, width: type === 'text' ? 24 : 12, height: type === 'text' ? 3 : 6 };
    if (type === 'text') return onSave({ type, ...pos, properties: { markdown, ...(title ? { title } : {}) } });
    if (type === 'alarm') return onSave({ type, ...pos, properties: { title: title || 'Alarms', alarms: list(alarmNames).length ? list(alarmNames) : null, alarmNamePrefix: alarmPrefix.trim() || null } });
    if (!rows.length) return setError('Add at least one series.');
    for (const r of rows) {
      if (r.kind === 'metric' && (!r.namespace || !r.metricName)) return setError(`Series ${r.id}: pick a namespace and a metric.`);
      if (r.kind === 'expression' && !r.expression.trim()) return setError(`Series ${r.id}: write the expression.`);
    }
    const th = thresholds.filter(t => t.value.trim() !== '').map(t => ({ ...(t.label ? { label: t.label } : {}), value: Number(t.value) }));
    if (th.some(t => !Number.isFinite(t.value))) return setError('Each threshold needs a number.');
    const props: MetricProps = {
      title, view, stat, period: Number(period), metrics: toQueries(rows),
      legend: { position: legend },
    };
    if (view === 'timeSeries' && stacked) props.stacked = true;
    if (yLabel || yMin || yMax) props.yAxis = { left: { ...(yLabel ? { label: yLabel } : {}), min: num(yMin), max: num(yMax) } };
    if (th.length) props.annotations = { horizontal: th };
    if (list(shadeAlarms).length) props.alarms = list(shadeAlarms);
    if (view === 'singleValue') props.sparkline = sparkline;
    onSave({ type: 'metric', ...pos, properties: props });
  }

  return (
    <Modal title={widget ? 'Edit widget' : 'Add widget'} onClose={onClose} wide testid="widget-editor">
      <form class="form" onSubmit={save}>
        <div class="grid2">
          <label>Type
            <select value={type} data-testid="widget-type" onChange={e => setType((e.target as HTMLSelectElement).value as Widget['type'])} disabled={!!widget}>
              <option value="metric">Metric (chart, number or gauge)</option>
              <option value="alarm">Alarm status</option>
              <option value="text">Text (Markdown)</option>
            </select>
          </label>
          <label>Title<input value={title} data-testid="widget-title" onInput={e => setTitle((e.target as HTMLInputElement).value)} /></label>
        </div>

        {type === 'text' && (
          <label>Markdown<textarea rows={10} value={markdown} data-testid="widget-markdown" onInput={e => setMarkdown((e.target as HTMLTextAreaElement).value)} /></label>
        )}

        {type === 'alarm' && (
          <div class="grid2">
            <label>Alarm names (comma-separated; empty = all)<input value={alarmNames} data-testid="widget-alarm-names" onInput={e => setAlarmNames((e.target as HTMLInputElement).value)} /></label>
            <label>Or a name prefix<input value={alarmPrefix} data-testid="widget-alarm-prefix" onInput={e => setAlarmPrefix((e.target as HTMLInputElement).value)} /></label>
          </div>
        )}

        {type === 'metric' && (
          <>
            <div class="grid4">
              <label>View
                <select value={view} data-testid="widget-view" onChange={e => setView((e.target as HTMLSelectElement).value as any)}>
                  <option value="timeSeries">Line</option><option value="bar">Bar</option>
                  <option value="singleValue">Single value</option><option value="gauge">Gauge</option>
                </select>
              </label>
              <label>Statistic
                <input list="stat-list" value={stat} data-testid="widget-stat" onInput={e => setStat((e.target as HTMLInputElement).value)} />
                <datalist id="stat-list">{STATS.map(s => <option key={s} value={s} />)}</datalist>
              </label>
              <label>Period
                <select value={period} data-testid="widget-period" onChange={e => setPeriod((e.target as HTMLSelectElement).value)}>
                  {PERIODS.map(p => <option key={p.value} value={p.value}>{p.label}</option>)}
                </select>
              </label>
              <label>Legend
                <select value={legend} onChange={e => setLegend((e.target as HTMLSelectElement).value as any)}>
                  <option value="bottom">Bottom</option><option value="right">Right</option><option value="hidden">Hidden</option>
                </select>
              </label>
            </div>
            {view === 'timeSeries' && <label class="check"><input type="checkbox" checked={stacked} onChange={e => setStacked((e.target as HTMLInputElement).checked)} /> Stacked area</label>}
            {view === 'singleValue' && <label class="check"><input type="checkbox" checked={sparkline} onChange={e => setSparkline((e.target as HTMLInputElement).checked)} /> Sparkline and change vs. start</label>}

            <fieldset>
              <legend>Series</legend>
              <ErrorBox error={catError} />
              {rows.map((r, i) => <SeriesRow key={r.id + i} row={r} catalog={catalog} onChange={p => update(i, p)} onRemove={() => setRows(rs => rs.filter((_, j) => j !== i))} />)}
              <div class="row">
                <button type="button" class="btn small" data-testid="add-series" onClick={() => setRows(rs => [...rs, { kind: 'metric', id: nextId(rs, 'm'), label: '', namespace: '', metricName: '', dims: '[]', expression: '', stat: '' }])}>Add metric</button>
                <button type="button" class="btn small" onClick={() => setRows(rs => [...rs, { kind: 'expression', id: nextId(rs, 'e'), label: '', namespace: '', metricName: '', dims: '', expression: '', stat: '' }])}>Add expression</button>
              </div>
            </fieldset>

            <fieldset>
              <legend>Axis and thresholds</legend>
              <div class="grid4">
                <label>Y axis label<input value={yLabel} onInput={e => setYLabel((e.target as HTMLInputElement).value)} /></label>
                <label>Y min<input type="number" step="any" value={yMin} onInput={e => setYMin((e.target as HTMLInputElement).value)} /></label>
                <label>Y max<input type="number" step="any" value={yMax} onInput={e => setYMax((e.target as HTMLInputElement).value)} /></label>
                <label>Shade alarms (names)<input value={shadeAlarms} onInput={e => setShadeAlarms((e.target as HTMLInputElement).value)} /></label>
              </div>
              {thresholds.map((t, i) => (
                <div class="row" key={i}>
                  <label>Threshold label<input value={t.label} onInput={e => setThresholds(ts => ts.map((x, j) => (j === i ? { ...x, label: (e.target as HTMLInputElement).value } : x)))} /></label>
                  <label>Value<input type="number" step="any" value={t.value} data-testid="threshold-value" onInput={e => setThresholds(ts => ts.map((x, j) => (j === i ? { ...x, value: (e.target as HTMLInputElement).value } : x)))} /></label>
                  <button type="button" class="btn small" aria-label={`Remove threshold ${i + 1}`} onClick={() => setThresholds(ts => ts.filter((_, j) => j !== i))}>Remove</button>
                </div>
              ))}
              <button type="button" class="btn small" data-testid="add-threshold" onClick={() => setThresholds(ts => [...ts, { label: '', value: '' }])}>Add threshold</button>
            </fieldset>
          </>
        )}
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" data-testid="widget-save">{widget ? 'Apply' : 'Add'}</button>
        </div>
      </form>
    </Modal>
  );
}

function SeriesRow({ row, catalog, onChange, onRemove }: { row: Row; catalog: Catalog | null; onChange: (p: Partial<Row>) => void; onRemove: () => void }) {
  const metrics = useMemo(() => (catalog?.metrics.get(row.namespace) ?? []), [catalog, row.namespace]);
  const metric = metrics.find(m => m.metricName === row.metricName);
  if (row.kind === 'expression') {
    return (
      <div class="series-row" data-testid="series-row">
        <span class="series-id">{row.id}</span>
        <label class="grow">Expression<input value={row.expression} placeholder="m1 / 60" onInput={e => onChange({ expression: (e.target as HTMLInputElement).value })} /></label>
        <label>Label<input value={row.label} onInput={e => onChange({ label: (e.target as HTMLInputElement).value })} /></label>
        <button type="button" class="btn small" aria-label={`Remove ${row.id}`} onClick={onRemove}>Remove</button>
      </div>
    );
  }
  const dimOptions = metric?.dimensionSets ?? [];
  return (
    <div class="series-row" data-testid="series-row">
      <span class="series-id">{row.id}</span>
      <label>Namespace
        <select value={row.namespace} data-testid="series-namespace" onChange={e => onChange({ namespace: (e.target as HTMLSelectElement).value, metricName: '', dims: '[]' })}>
          <option value="">{catalog ? 'Choose…' : 'Loading…'}</option>
          {row.namespace && catalog && !catalog.namespaces.includes(row.namespace) && <option value={row.namespace}>{row.namespace}</option>}
          {catalog?.namespaces.map(n => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label>Metric
        <select value={row.metricName} data-testid="series-metric" onChange={e => onChange({ metricName: (e.target as HTMLSelectElement).value, dims: dimsKey((metrics.find(m => m.metricName === (e.target as HTMLSelectElement).value)?.dimensionSets ?? [[]])[0]) })}>
          <option value="">Choose…</option>
          {row.metricName && !metric && <option value={row.metricName}>{row.metricName}</option>}
          {metrics.map(m => <option key={m.metricName} value={m.metricName}>{m.metricName}</option>)}
        </select>
      </label>
      <label class="grow">Dimensions
        <select value={row.dims} data-testid="series-dimensions" onChange={e => onChange({ dims: (e.target as HTMLSelectElement).value })}>
          {!dimOptions.some(d => dimsKey(d) === row.dims) && <option value={row.dims}>{dimsText((JSON.parse(row.dims || '[]') as [string, string][]).map(([name, value]) => ({ name, value })))}</option>}
          {dimOptions.map(d => <option key={dimsKey(d)} value={dimsKey(d)}>{dimsText(d)}</option>)}
        </select>
      </label>
      <label>Stat<input list="stat-list" value={row.stat} placeholder="widget's" size={8} onInput={e => onChange({ stat: (e.target as HTMLInputElement).value })} /></label>
      <label>Label<input value={row.label} size={10} onInput={e => onChange({ label: (e.target as HTMLInputElement).value })} /></label>
      <button type="button" class="btn small" aria-label={`Remove ${row.id}`} onClick={onRemove}>Remove</button>
    </div>
  );
}
