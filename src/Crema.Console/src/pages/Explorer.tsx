// Metric explorer: browse namespaces → metrics → dimension values, search, select series, choose a
// statistic and period, graph them over the shared time range, and add the graph to a dashboard.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { dimsKey, dimsText, loadCatalog, PERIODS, STATS, type Catalog, type CatalogMetric } from '../catalog';
import type { Dimension, MetricQuery } from '../charts/data';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { Empty, ErrorBox, Loading, Modal } from '../components/common';
import { WidgetView } from '../widgets/WidgetView';
import type { MetricProps, Widget } from '../widgets/types';
import { getDashboard, listDashboards, NAME_HELP, NAME_RULE, newBody, putDashboard, type DashboardSummary } from '../dashboardsApi';
import { autoPeriod, resolve, timeRange } from '../time';
import { useStore } from '../store';
import { navigate } from '../router';

interface Picked { namespace: string; metricName: string; dimensions: Dimension[] }
const pickKey = (p: Picked) => `${p.namespace}\u0000${p.metricName}\u0000${dimsKey(p.dimensions)}`;

export function Explorer() {
  const range = useStore(timeRange);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ns, setNs] = useState<string | null>(null);
  const [metric, setMetric] = useState<CatalogMetric | null>(null);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Picked[]>([]);
  const [stat, setStat] = useState('Average');
  const [period, setPeriod] = useState(0);
  const [view, setView] = useState<'timeSeries' | 'bar' | 'singleValue'>('timeSeries');
  const [adding, setAdding] = useState(false);

  const load = (force = false) => loadCatalog(force).then(c => { setCatalog(c); setError(null); }).catch(e => setError(e.message));
  useEffect(() => { load(); }, []);

  const q = search.trim().toLowerCase();
  const hits = useMemo(() => {
    if (!catalog || !q) return null;
    const out: { m: CatalogMetric; dims: Dimension[] }[] = [];
    for (const list of catalog.metrics.values()) for (const m of list) for (const d of m.dimensionSets) {
      const text = `${m.namespace} ${m.metricName} ${dimsText(d)}`.toLowerCase();
      if (q.split(/\s+/).every(t => text.includes(t))) { out.push({ m, dims: d }); if (out.length >= 200) return out; }
    }
    return out;
  }, [catalog, q]);

  const toggle = (p: Picked) => setPicked(ps => (ps.some(x => pickKey(x) === pickKey(p)) ? ps.filter(x => pickKey(x) !== pickKey(p)) : [...ps, p].slice(-20)));
  const isPicked = (p: Picked) => picked.some(x => pickKey(x) === pickKey(p));

  const queries: MetricQuery[] = picked.map((p, i) => ({
    id: `m${i + 1}`,
    label: [p.metricName, ...p.dimensions.map(d => d.value)].join(' '),
    metricStat: { metric: { namespace: p.namespace, metricName: p.metricName, dimensions: p.dimensions }, stat, ...(period ? { period } : {}) },
  }));
  const widget: Widget = { type: 'metric', x: 0, y: 0, width: 24, height: 8, properties: { title: picked.length === 1 ? queries[0].label : `${picked.length} series`, view, stat, ...(period ? { period } : {}), metrics: queries } };

  function seriesItem(m: CatalogMetric, d: Dimension[], withMetric: boolean) {
    const p = { namespace: m.namespace, metricName: m.metricName, dimensions: d };
    const id = `pick-${pickKey(p)}`.replace(/[^A-Za-z0-9_-]/g, '_');
    return (
      <li key={pickKey(p)}>
        <label class="check" for={id}>
          <input id={id} type="checkbox" checked={isPicked(p)} data-testid="explorer-series" onChange={() => toggle(p)} />
          {withMetric && <strong>{m.namespace} / {m.metricName} </strong>}{dimsText(d)}
        </label>
      </li>
    );
  }

  return (
    <div class="page explorer">
      <div class="page-head"><h1>Explorer</h1></div>
      <TimeRangePicker />
      <div class="explorer-grid">
        <aside class="browser card" aria-label="Metrics">
          <label class="search">
            <span class="sr-only">Search metrics</span>
            <input type="search" placeholder="Search namespace, metric, dimension" value={search} data-testid="explorer-search" onInput={e => setSearch((e.target as HTMLInputElement).value)} />
          </label>
          <ErrorBox error={error} onRetry={() => load(true)} />
          {!catalog && !error && <Loading what="Loading metrics" />}
          {catalog && catalog.namespaces.length === 0 && <Empty>No metrics yet. Send some with PutMetricData or remote write.</Empty>}
          {catalog && hits && (
            <ul class="pick-list" data-testid="explorer-hits">
              {hits.length === 0 && <li class="muted">Nothing matches “{search}”.</li>}
              {hits.map(h => seriesItem(h.m, h.dims, true))}
            </ul>
          )}
          {catalog && !hits && (
            <>
              <nav class="crumbs" aria-label="Where in the metrics">
                <button type="button" class="link" onClick={() => { setNs(null); setMetric(null); }}>All namespaces</button>
                {ns && <> › <button type="button" class="link" onClick={() => setMetric(null)}>{ns}</button></>}
                {metric && <> › {metric.metricName}</>}
              </nav>
              {!ns && (
                <ul class="nav-list" data-testid="explorer-namespaces">
                  {catalog.namespaces.map(n => <li key={n}><button type="button" class="link" onClick={() => setNs(n)}>{n} <span class="muted">({catalog.metrics.get(n)!.length})</span></button></li>)}
                </ul>
              )}
              {ns && !metric && (
                <ul class="nav-list" data-testid="explorer-metrics">
                  {catalog.metrics.get(ns)!.map(m => <li key={m.metricName}><button type="button" class="link" onClick={() => setMetric(m)}>{m.metricName} <span class="muted">({m.dimensionSets.length})</span></button></li>)}
                </ul>
              )}
              {metric && <ul class="pick-list" data-testid="explorer-dimensions">{metric.dimensionSets.map(d => seriesItem(metric, d, false))}</ul>}
            </>
          )}
          {catalog?.truncated && <p class="muted">Only the first {catalog.total} series are listed; search narrows them.</p>}
        </aside>
        <section class="graph-pane" aria-label="Graph">
          <div class="row wrap">
            <label class="inline">Statistic
              <input list="explorer-stats" value={stat} size={10} data-testid="explorer-stat" onInput={e => setStat((e.target as HTMLInputElement).value || 'Average')} />
              <datalist id="explorer-stats">{STATS.map(s => <option key={s} value={s} />)}</datalist>
            </label>
            <label class="inline">Period
              <select value={period} data-testid="explorer-period" onChange={e => setPeriod(Number((e.target as HTMLSelectElement).value))}>
                <option value={0}>Auto</option>
                {PERIODS.map(p => <option key={p.value} value={p.value}>{p.label}</option>)}
              </select>
            </label>
            <label class="inline">View
              <select value={view} data-testid="explorer-view" onChange={e => setView((e.target as HTMLSelectElement).value as any)}>
                <option value="timeSeries">Line</option><option value="bar">Bar</option><option value="singleValue">Single value</option>
              </select>
            </label>
            <div class="spacer" />
            {picked.length > 0 && <button type="button" class="btn" onClick={() => setPicked([])}>Clear</button>}
            <button type="button" class="btn primary" disabled={!picked.length} data-testid="explorer-add-to-dashboard" onClick={() => setAdding(true)}>Add to dashboard</button>
          </div>
          {picked.length === 0 ? <Empty>Pick one or more series on the left to graph them.</Empty> : (
            <div class="explorer-chart"><WidgetView widget={widget} range={range} /></div>
          )}
        </section>
      </div>
      {adding && <AddToDashboard widget={widget} onClose={() => setAdding(false)} />}
    </div>
  );
}

function AddToDashboard({ widget, onClose }: { widget: Widget; onClose: () => void }) {
  const [list, setList] = useState<DashboardSummary[] | null>(null);
  const [target, setTarget] = useState('');
  const [newName, setNewName] = useState('');
  const [title, setTitle] = useState(widget.type === 'metric' ? widget.properties.title ?? '' : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    listDashboards().then(d => { setList(d); setTarget(d[0]?.name ?? '__new'); }).catch(e => setError(e.message));
  }, []);

  async function add(e: Event) {
    e.preventDefault();
    const name = target === '__new' ? newName : target;
    if (!NAME_RULE.test(name)) return setError(`The dashboard name must be ${NAME_HELP}.`);
    setBusy(true);
    setError(null);
    try {
      const body = target === '__new' ? newBody(name) : (await getDashboard(name)).body;
      let bottom = 0;
      for (const w of body.widgets) bottom = Math.max(bottom, w.y + w.height);
      // A dashboard widget needs a period: "Auto" becomes the period auto picks for the range shown now.
      const r = resolve(timeRange.get());
      const props = widget.properties as MetricProps;
      const w = { ...widget, x: 0, y: bottom, width: 12, height: 6, properties: { ...props, title, period: props.period || autoPeriod(r.from, r.to) } } as Widget;
      await putDashboard(name, { ...body, widgets: [...body.widgets, w] });
      setDone(name);
    } catch (err: any) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Add to dashboard" onClose={onClose} testid="add-to-dashboard">
      {done ? (
        <div class="form">
          <p role="status">Added to <strong>{done}</strong>.</p>
          <div class="row end">
            <button type="button" class="btn" onClick={onClose}>Stay here</button>
            <button type="button" class="btn primary" onClick={() => navigate(`/dashboards/${encodeURIComponent(done)}`)}>Open {done}</button>
          </div>
        </div>
      ) : (
        <form class="form" onSubmit={add}>
          {!list && !error && <Loading />}
          {list && (
            <label>Dashboard
              <select value={target} data-testid="add-target" onChange={e => setTarget((e.target as HTMLSelectElement).value)}>
                {list.map(d => <option key={d.name} value={d.name}>{d.title ? `${d.name} — ${d.title}` : d.name}</option>)}
                <option value="__new">New dashboard…</option>
              </select>
            </label>
          )}
          {target === '__new' && <label>New dashboard name<input value={newName} data-testid="add-new-name" onInput={e => setNewName((e.target as HTMLInputElement).value)} /></label>}
          <label>Widget title<input value={title} data-testid="add-title" onInput={e => setTitle((e.target as HTMLInputElement).value)} /></label>
          <ErrorBox error={error} />
          <div class="row end">
            <button type="button" class="btn" onClick={onClose}>Cancel</button>
            <button type="submit" class="btn primary" data-testid="add-submit" disabled={busy || !list}>Add</button>
          </div>
        </form>
      )}
    </Modal>
  );
}
