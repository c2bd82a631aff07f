// The dashboards: create, rename, duplicate, delete, import a JSON file, export as JSON.
import { useEffect, useRef, useState } from 'preact/hooks';
import { bodyOf, deleteDashboard, duplicateDashboard, getDashboard, listDashboards, NAME_HELP, NAME_RULE, newBody, putDashboard, renameDashboard, type DashboardSummary } from '../dashboardsApi';
import { navigate } from '../router';
import { download, Empty, ErrorBox, Loading, Modal } from '../components/common';
import { formatTime, timeRange } from '../time';
import { useStore } from '../store';

type Dialog =
  | { kind: 'create' }
  | { kind: 'rename' | 'duplicate'; name: string }
  | { kind: 'delete'; name: string }
  | { kind: 'import'; body: unknown; suggested: string };

export function DashboardList() {
  const range = useStore(timeRange);
  const [items, setItems] = useState<DashboardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [filter, setFilter] = useState('');
  const file = useRef<HTMLInputElement>(null);

  const load = () => listDashboards().then(d => { setItems(d.sort((a, b) => a.name.localeCompare(b.name))); setError(null); }).catch(e => setError(e.message));
  useEffect(() => { load(); }, []);

  async function exportOne(name: string) {
    try {
      const d = await getDashboard(name);
      download(`${name}.json`, JSON.stringify(d.body, null, 2));
    } catch (e: any) {
      setError(e.message);
    }
  }

  async function onFile(e: Event) {
    const f = (e.target as HTMLInputElement).files?.[0];
    (e.target as HTMLInputElement).value = '';
    if (!f) return;
    try {
      const json = JSON.parse(await f.text());
      const { name, body } = bodyOf(json);
      const suggested = (name || f.name.replace(/\.json$/i, '')).replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
      setDialog({ kind: 'import', body, suggested });
    } catch (err: any) {
      setError(`${f.name} is not a JSON dashboard: ${err.message}`);
    }
  }

  const shown = items?.filter(d => !filter || d.name.toLowerCase().includes(filter.toLowerCase()) || (d.title ?? '').toLowerCase().includes(filter.toLowerCase()));
  return (
    <div class="page">
      <div class="page-head">
        <h1>Dashboards</h1>
        <div class="toolbar">
          <button type="button" class="btn primary" data-testid="dashboard-create" onClick={() => setDialog({ kind: 'create' })}>Create dashboard</button>
          <button type="button" class="btn" data-testid="dashboard-import" onClick={() => file.current?.click()}>Import JSON</button>
          <input ref={file} type="file" accept="application/json,.json" class="sr-only" aria-label="Dashboard JSON file to import" data-testid="dashboard-import-file" onChange={onFile} />
        </div>
      </div>
      <ErrorBox error={error} onRetry={load} />
      {!items && !error && <Loading what="Loading the dashboards" />}
      {items && items.length === 0 && <Empty>No dashboards yet. Create one, import a JSON file, or add a graph from the <a href="/explorer">Explorer</a>.</Empty>}
      {items && items.length > 0 && (
        <>
          <label class="search">
            <span class="sr-only">Filter dashboards</span>
            <input type="search" placeholder="Filter dashboards" value={filter} data-testid="dashboard-filter" onInput={e => setFilter((e.target as HTMLInputElement).value)} />
          </label>
          <table class="table" data-testid="dashboard-list">
            <thead><tr><th scope="col">Name</th><th scope="col">Title</th><th scope="col" class="num">Widgets</th><th scope="col">Updated</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {shown!.map(d => (
                <tr key={d.name} data-dashboard={d.name}>
                  <td><a href={`/dashboards/${encodeURIComponent(d.name)}`} data-testid="dashboard-link">{d.name}</a></td>
                  <td>{d.title}</td>
                  <td class="num">{d.widgetCount}</td>
                  <td class="nowrap">{d.updatedAt ? formatTime(Date.parse(d.updatedAt), range.timezone) : ''}{d.updatedBy ? ` by ${d.updatedBy}` : ''}</td>
                  <td class="actions">
                    <button type="button" class="btn small" aria-label={`Rename ${d.name}`} data-testid="dashboard-rename" onClick={() => setDialog({ kind: 'rename', name: d.name })}>Rename</button>
                    <button type="button" class="btn small" aria-label={`Duplicate ${d.name}`} data-testid="dashboard-duplicate" onClick={() => setDialog({ kind: 'duplicate', name: d.name })}>Duplicate</button>
                    <button type="button" class="btn small" aria-label={`Export ${d.name}`} data-testid="dashboard-export" onClick={() => exportOne(d.name)}>Export</button>
                    <button type="button" class="btn small danger" aria-label={`Delete ${d.name}`} data-testid="dashboard-delete" onClick={() => setDialog({ kind: 'delete', name: d.name })}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {dialog && <ListDialog dialog={dialog} onClose={() => setDialog(null)} onDone={(go?: string) => { setDialog(null); if (go) navigate(`/dashboards/${encodeURIComponent(go)}`); else load(); }} />}
    </div>
  );
}

function ListDialog({ dialog, onClose, onDone }: { dialog: Dialog; onClose: () => void; onDone: (go?: string) => void }) {
  const initial = dialog.kind === 'import' ? dialog.suggested : dialog.kind === 'duplicate' ? `${dialog.name}-copy` : dialog.kind === 'rename' ? dialog.name : '';
  const [name, setName] = useState(initial);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (dialog.kind !== 'delete' && !NAME_RULE.test(name)) return setError(`The name must be ${NAME_HELP}.`);
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'create') { await putDashboard(name, newBody(title || name)); onDone(name); }
      else if (dialog.kind === 'rename') { await renameDashboard(dialog.name, name); onDone(); }
      else if (dialog.kind === 'duplicate') { await duplicateDashboard(dialog.name, name); onDone(); }
      else if (dialog.kind === 'delete') { await deleteDashboard(dialog.name); onDone(); }
      else if (dialog.kind === 'import') { await putDashboard(name, dialog.body); onDone(name); }
    } catch (err: any) {
      setError(err.message);
      setBusy(false);
    }
  }

  const heading = { create: 'Create dashboard', rename: 'Rename dashboard', duplicate: 'Duplicate dashboard', delete: 'Delete dashboard', import: 'Import dashboard' }[dialog.kind];
  return (
    <Modal title={heading} onClose={onClose} testid="dashboard-dialog">
      <form class="form" onSubmit={submit}>
        {dialog.kind === 'delete' ? (
          <p>Delete the dashboard <strong>{dialog.name}</strong>? Its widgets are lost; the metrics stay.</p>
        ) : (
          <>
            <label>Name<input value={name} required pattern="[A-Za-z0-9_\-]{1,255}" aria-describedby="name-help" data-testid="dashboard-name"
              onInput={e => setName((e.target as HTMLInputElement).value)} autoFocus /></label>
            <small id="name-help" class="muted">{NAME_HELP}</small>
            {dialog.kind === 'create' && <label>Title<input value={title} data-testid="dashboard-new-title" onInput={e => setTitle((e.target as HTMLInputElement).value)} /></label>}
          </>
        )}
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class={dialog.kind === 'delete' ? 'btn danger' : 'btn primary'} data-testid="dashboard-dialog-submit" disabled={busy}>{heading.split(' ')[0]}</button>
        </div>
      </form>
    </Modal>
  );
}
