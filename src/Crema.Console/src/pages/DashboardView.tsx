// One dashboard: its widgets on a 24-column gridstack grid following the shared time range; in edit mode
// widgets are dragged (by their header) and resized, added, edited or removed, and the whole body can be
// edited as JSON (validated by the server). Save stores the layout and the current time range.
import { useEffect, useRef, useState } from 'preact/hooks';
import { GridStack } from 'gridstack';
import { getDashboard, putDashboard } from '../dashboardsApi';
import type { DashboardBody, Widget } from '../widgets/types';
import { WidgetView } from '../widgets/WidgetView';
import { WidgetEditor } from './WidgetEditor';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { ErrorBox, Loading, Modal, download } from '../components/common';
import { timeRange, isRelative, type TimeRange } from '../time';
import { useStore } from '../store';

const CELL_HEIGHT = 44;

export function DashboardView({ name }: { name: string }) {
  const range = useStore(timeRange);
  const [body, setBody] = useState<DashboardBody | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [editor, setEditor] = useState<{ index: number | null } | null>(null);
  const [jsonOpen, setJsonOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const widgets = useRef<Widget[]>([]);
  const gridEl = useRef<HTMLDivElement>(null);
  const grid = useRef<GridStack | null>(null);

  async function load() {
    setError(null);
    try {
      const d = await getDashboard(name);
      const b = d.body ?? { widgets: [] };
      b.widgets ??= [];
      widgets.current = b.widgets.map(w => ({ ...w }));
      setBody(b);
      setDirty(false);
      setVersion(v => v + 1);
      timeRange.set(r => ({ ...r, start: b.start || '-PT3H', end: b.end ?? null, timezone: b.timezone === 'UTC' ? 'UTC' : 'local', refresh: b.refresh ?? 0 }));
    } catch (e: any) {
      setError(e.message);
    }
  }

  useEffect(() => { load(); }, [name]);

  // (Re)creates the grid after the widgets were rendered; positions flow back into `widgets` on change.
  useEffect(() => {
    if (!body || !gridEl.current) return;
    const g = GridStack.init({
      column: 24, cellHeight: CELL_HEIGHT, margin: 6, mode: 'float', staticGrid: !editing, animate: false,
      handle: '.widget-head', columnOpts: { columnMax: 24, breakpoints: [{ w: 640, c: 1 }, { w: 100000, c: 24 }] }, minRow: 1,
    }, gridEl.current);
    if (!g) return;
    grid.current = g;
    g.on('change', (_e: Event, items: any[]) => {
      for (const it of items ?? []) {
        const i = Number(it.id);
        const w = widgets.current[i];
        if (!w || g.getColumn() !== 24) continue;
        widgets.current[i] = { ...w, x: it.x, y: it.y, width: it.w, height: it.h } as Widget;
      }
      setDirty(true);
    });
    return () => {
      g.destroy(false);
      grid.current = null;
    };
  }, [version, !!body]);

  useEffect(() => {
    grid.current?.setStatic(!editing);
  }, [editing]);

  function replaceWidgets(next: Widget[]) {
    widgets.current = next;
    setBody(b => (b ? { ...b, widgets: next } : b));
    setDirty(true);
    setVersion(v => v + 1);
  }

  function currentBody(): DashboardBody {
    return { ...body!, start: range.start, end: range.end, timezone: range.timezone, refresh: range.refresh, widgets: widgets.current };
  }

  async function save() {
    setSaving(true);
    setSaveError(null);
    try {
      const b = currentBody();
      await putDashboard(name, b);
      setBody(b);
      setDirty(false);
      setEditing(false);
    } catch (e: any) {
      setSaveError(e.message);
    } finally {
      setSaving(false);
    }
  }

  if (error) return <div class="page"><h1>{name}</h1><ErrorBox error={error} onRetry={load} /><p><a href="/dashboards">All dashboards</a></p></div>;
  if (!body) return <div class="page"><Loading what="Loading the dashboard" /></div>;

  const list = body.widgets;
  return (
    <div class="page dashboard" data-testid="dashboard" data-dashboard={name} data-editing={editing}>
      <div class="page-head">
        <div>
          <nav class="crumbs" aria-label="Breadcrumb"><a href="/dashboards">Dashboards</a> ›</nav>
          <h1 data-testid="dashboard-title">{body.title || name}</h1>
        </div>
        <div class="toolbar">
          {!editing && <button type="button" class="btn" data-testid="dashboard-edit" onClick={() => setEditing(true)}>Edit</button>}
          {editing && <>
            <button type="button" class="btn" data-testid="widget-add" onClick={() => setEditor({ index: null })}>Add widget</button>
            <button type="button" class="btn" data-testid="dashboard-json" onClick={() => setJsonOpen(true)}>Edit JSON</button>
            <button type="button" class="btn" onClick={() => { setEditing(false); load(); }}>Cancel</button>
          </>}
          <button type="button" class="btn" data-testid="dashboard-export" onClick={() => download(`${name}.json`, JSON.stringify(currentBody(), null, 2))}>Export</button>
          {(editing || dirty) && <button type="button" class="btn primary" data-testid="dashboard-save" disabled={saving} onClick={save}>{saving ? 'Saving…' : 'Save'}</button>}
        </div>
      </div>
      <TimeRangePicker />
      {!isRelative(range) && <p class="hint">Showing a fixed time range: live updates are paused. Pick a relative range to follow now.</p>}
      <ErrorBox error={saveError} />
      {list.length === 0 && <div class="state empty">This dashboard has no widgets yet. {editing ? 'Use "Add widget".' : <button type="button" class="btn small" onClick={() => { setEditing(true); setEditor({ index: null }); }}>Add a widget</button>}</div>}
      <div class="grid-stack" ref={gridEl} key={version} data-testid="dashboard-grid">
        {list.map((w, i) => (
          <div class="grid-stack-item" key={`${version}-${i}`} gs-id={String(i)} gs-x={w.x} gs-y={w.y} gs-w={w.width} gs-h={w.height}>
            <div class="grid-stack-item-content">
              <WidgetView widget={w} range={range as TimeRange} actions={editing ? <>
                <button type="button" class="btn small" data-testid="widget-edit" aria-label={`Edit widget ${i + 1}`} onClick={() => setEditor({ index: i })}>Edit</button>
                <button type="button" class="btn small" data-testid="widget-remove" aria-label={`Remove widget ${i + 1}`} onClick={() => replaceWidgets(widgets.current.filter((_, j) => j !== i))}>Remove</button>
              </> : undefined} />
            </div>
          </div>
        ))}
      </div>
      {editor && (
        <WidgetEditor
          widget={editor.index === null ? null : widgets.current[editor.index]}
          onClose={() => setEditor(null)}
          onSave={w => {
            const next = [...widgets.current];
            if (editor.index === null) {
              let bottom = 0;
              for (const x of next) bottom = Math.max(bottom, x.y + x.height);
              next.push({ ...w, x: 0, y: bottom } as Widget);
            } else next[editor.index] = w;
            setEditor(null);
            replaceWidgets(next);
          }}
        />
      )}
      {jsonOpen && <JsonEditor name={name} body={currentBody()} onClose={() => setJsonOpen(false)} onSaved={() => { setJsonOpen(false); setEditing(false); load(); }} />}
    </div>
  );
}

/** The whole body as JSON; saving sends it to the server, which validates it and names the failing field. */
function JsonEditor({ name, body, onClose, onSaved }: { name: string; body: DashboardBody; onClose: () => void; onSaved: () => void }) {
  const [text, setText] = useState(() => JSON.stringify(body, null, 2));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err: any) {
      return setError(`The text is not valid JSON: ${err.message}`);
    }
    setBusy(true);
    setError(null);
    try {
      await putDashboard(name, parsed);
      onSaved();
    } catch (err: any) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal title={`Edit ${name} as JSON`} onClose={onClose} wide testid="json-editor">
      <form class="form" onSubmit={save}>
        <label for="dashboard-json-text">Dashboard body</label>
        <textarea id="dashboard-json-text" class="code" rows={24} spellcheck={false} value={text} data-testid="dashboard-json-text" onInput={e => setText((e.target as HTMLTextAreaElement).value)} />
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" data-testid="dashboard-json-save" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        </div>
      </form>
    </Modal>
  );
}
