// Audit: look events up (/audit) with filters and paging, an event's full record in a side panel; verify the
// trail over a range (/audit/verify); insights on a timeline (/audit/insights).
import { useEffect, useRef, useState } from 'preact/hooks';
import { Empty, ErrorBox, JsonView, Loading, SidePanel, Tabs } from '../../components/common';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { lookupEvents, type AuditEvent } from '../../auditApi';
import { formatTime, refreshTick, resolve, timeRange } from '../../time';
import { useStore } from '../../store';
import { VerifyTab } from './VerifyTab';
import { InsightsTab } from './InsightsTab';

const TABS = [
  { id: 'events', label: 'Events', href: '/audit' },
  { id: 'verify', label: 'Verify', href: '/audit/verify' },
  { id: 'insights', label: 'Insights', href: '/audit/insights' },
];

export function AuditPage({ rest = [] }: { rest?: string[] }) {
  const tab = TABS.some(t => t.id === rest[0]) ? rest[0] : 'events';
  return (
    <div class="page" data-testid="audit-page" data-tab={tab}>
      <div class="page-head"><h1>Audit</h1></div>
      <Tabs tabs={TABS} active={tab} label="Audit pages" />
      {tab === 'events' && <EventsTab />}
      {tab === 'verify' && <VerifyTab />}
      {tab === 'insights' && <InsightsTab />}
    </div>
  );
}

interface Filters { userName: string; eventName: string; resource: string; source: string; readOnly: '' | 'true' | 'false'; outcome: '' | 'ok' | 'error'; limit: number }
const EMPTY: Filters = { userName: '', eventName: '', resource: '', source: '', readOnly: '', outcome: '', limit: 50 };

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [JSON.stringify(value)]);
  return v;
}

function EventsTab() {
  const range = useStore(timeRange);
  const tick = useStore(refreshTick);
  const [filters, setFilters] = useState<Filters>(() => {
    const q = new URLSearchParams(location.search);
    return { ...EMPTY, eventName: q.get('eventName') ?? '', userName: q.get('userName') ?? '', resource: q.get('resource') ?? '' };
  });
  const applied = useDebounced(filters, 400);
  // tokens[i] is the token that fetches page i (null for the first page).
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [scanned, setScanned] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [shown, setShown] = useState<AuditEvent | null>(null);
  const [bump, setBump] = useState(0);
  const resetKey = JSON.stringify([applied, range]);
  const lastReset = useRef(resetKey);

  useEffect(() => {
    // A new filter or range starts again at the newest page.
    let p = page;
    if (lastReset.current !== resetKey) {
      lastReset.current = resetKey;
      p = 0;
      setPage(0);
      setTokens([null]);
    }
    const ctl = new AbortController();
    const { from, to } = resolve(range);
    setLoading(true);
    // The source is filtered here (the API has no such filter): a bigger page is read and narrowed.
    const limit = applied.source ? Math.min(1000, applied.limit * 4) : applied.limit;
    lookupEvents({
      from, to,
      userName: applied.userName.trim() || undefined,
      eventName: applied.eventName.trim() || undefined,
      resource: applied.resource.trim() || undefined,
      readOnly: applied.readOnly === '' ? undefined : applied.readOnly === 'true',
      error: applied.outcome === '' ? undefined : applied.outcome === 'error',
      limit,
      nextToken: p === 0 ? null : tokens[p],
    }, ctl.signal)
      .then(r => {
        const list = applied.source ? r.events.filter(e => e.eventSource === applied.source) : r.events;
        setEvents(list);
        setScanned(r.events.length);
        setNext(r.nextToken);
        setError(null);
        setLoading(false);
      })
      .catch(e => { if (e?.name !== 'AbortError') { setError(e.message); setLoading(false); } });
    return () => ctl.abort();
  }, [resetKey, page, tick, bump]);

  function older() {
    if (!next) return;
    setTokens(t => { const c = t.slice(0, page + 1); c[page + 1] = next; return c; });
    setPage(p => p + 1);
  }

  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters(f => ({ ...f, [k]: v }));
  const any = JSON.stringify(filters) !== JSON.stringify(EMPTY);
  return (
    <section aria-label="Events">
      <TimeRangePicker />
      <form class="filters card pad" onSubmit={e => e.preventDefault()} data-testid="audit-filters" aria-label="Filters">
        <label>User<input value={filters.userName} data-testid="audit-filter-user" placeholder="e.g. root" onInput={e => set('userName', (e.target as HTMLInputElement).value)} /></label>
        <label>Event name<input value={filters.eventName} data-testid="audit-filter-event" placeholder="e.g. CreateKey" onInput={e => set('eventName', (e.target as HTMLInputElement).value)} /></label>
        <label>Resource<input value={filters.resource} data-testid="audit-filter-resource" placeholder="e.g. alarms/wait-Central" onInput={e => set('resource', (e.target as HTMLInputElement).value)} /></label>
        <label>Source
          <select value={filters.source} data-testid="audit-filter-source" onChange={e => set('source', (e.target as HTMLSelectElement).value)}>
            <option value="">Any</option><option value="console">Console</option><option value="cli">CLI</option><option value="api">API</option><option value="remote-write">Remote write</option>
          </select>
        </label>
        <label>Kind
          <select value={filters.readOnly} data-testid="audit-filter-readonly" onChange={e => set('readOnly', (e.target as HTMLSelectElement).value as Filters['readOnly'])}>
            <option value="">Reads and changes</option><option value="false">Changes only</option><option value="true">Reads only</option>
          </select>
        </label>
        <label>Outcome
          <select value={filters.outcome} data-testid="audit-filter-outcome" onChange={e => set('outcome', (e.target as HTMLSelectElement).value as Filters['outcome'])}>
            <option value="">Any</option><option value="ok">Succeeded</option><option value="error">Failed or refused</option>
          </select>
        </label>
        <label>Per page
          <select value={filters.limit} data-testid="audit-filter-limit" onChange={e => set('limit', Number((e.target as HTMLSelectElement).value))}>
            {[25, 50, 100, 250].map(n => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <div class="filters-end">{any && <button type="button" class="btn" data-testid="audit-filter-clear" onClick={() => setFilters(EMPTY)}>Clear filters</button>}</div>
      </form>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!events && !error && <Loading what="Looking up the events" />}
      {events && (
        <>
          <div class="row wrap pager" aria-live="polite">
            <span class="muted" data-testid="audit-page-info">
              Page {page + 1}: {events.length} event{events.length === 1 ? '' : 's'}, newest first{filters.source ? ` (source filtered in the browser from ${scanned} read)` : ''}.{loading ? ' Loading…' : ''}
            </span>
            <div class="spacer" />
            <button type="button" class="btn small" disabled={page === 0 || loading} data-testid="audit-newer" onClick={() => setPage(p => Math.max(0, p - 1))}>← Newer</button>
            <button type="button" class="btn small" disabled={!next || loading} data-testid="audit-older" onClick={older}>Older →</button>
          </div>
          {events.length === 0 ? <Empty>No events match in this time range{any ? ' with these filters' : ''}.</Empty> : (
            <div class="table-scroll">
              <table class="table audit-table" data-testid="audit-table">
                <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">User</th><th scope="col" class="hide-narrow">Source</th><th scope="col" class="hide-narrow">Resources</th><th scope="col">Outcome</th></tr></thead>
                <tbody>
                  {events.map(e => (
                    <tr key={e.eventId} data-event={e.eventId} class={shown?.eventId === e.eventId ? 'selected' : undefined}>
                      <td class="nowrap">{formatTime(Date.parse(e.time), range.timezone, true)}</td>
                      <td><button type="button" class="link" data-testid="audit-event" aria-label={`Show ${e.eventName} at ${formatTime(Date.parse(e.time), range.timezone, true)}`} onClick={() => setShown(e)}>{e.eventName}</button>
                        {e.readOnly ? '' : <span class="tag">change</span>}</td>
                      <td>{e.identity.userName ?? <span class="muted">anonymous</span>}{e.identity.accessKeyId && <div class="muted small">{e.identity.accessKeyId}</div>}</td>
                      <td class="hide-narrow">{e.eventSource}{e.sourceAddress && <div class="muted small">{e.sourceAddress}</div>}</td>
                      <td class="hide-narrow break small">{e.resources.join(', ')}</td>
                      <td>{e.errorCode ? <span class="text-danger" title={e.errorMessage ?? ''}>{e.errorCode}{e.statusCode ? ` (${e.statusCode})` : ''}</span> : <span>{e.statusCode ?? 'ok'}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {shown && (
        <SidePanel title={`${shown.eventName}`} onClose={() => setShown(null)} testid="audit-event-panel">
          <dl class="facts compact">
            <dt>Time</dt><dd>{formatTime(Date.parse(shown.time), range.timezone, true)}</dd>
            <dt>Who</dt><dd>{shown.identity.userName ?? 'anonymous'} ({shown.identity.authMethod}{shown.identity.mfaUsed ? ', with MFA' : ''})</dd>
            <dt>Outcome</dt><dd>{shown.errorCode ? `${shown.errorCode}: ${shown.errorMessage ?? ''}` : `succeeded (${shown.statusCode ?? 'ok'})`}</dd>
            <dt>Sequence</dt><dd>{shown.sequence}</dd>
          </dl>
          <JsonView value={shown} testid="audit-event-json" />
        </SidePanel>
      )}
    </section>
  );
}
