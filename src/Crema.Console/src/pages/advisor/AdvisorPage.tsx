// Advisor: the six pillars as cards (checks by status, possible monthly saving) and every check with its status;
// a check opens to its flagged items (details, what to do, saving) which can be excluded with a reason and included again.
import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading } from '../../components/common';
import { formatTime, timeRange } from '../../time';
import { useStore } from '../../store';
import {
  getResults, listChecks, moneyText, PILLARS, pillarLabel, runAll, statusRank,
  type AdvisorCheck, type AdvisorCheckResult, type AdvisorResults,
} from '../../advisorApi';
import { CheckRow } from './CheckRow';
import { PillarCard } from './PillarCard';
import './advisor.css';

export function AdvisorPage() {
  const [checks, setChecks] = useState<AdvisorCheck[] | null>(null);
  const [results, setResults] = useState<AdvisorResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [pillar, setPillar] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [runNote, setRunNote] = useState<string | null>(null);
  const range = useStore(timeRange);

  useEffect(() => {
    const ctl = new AbortController();
    Promise.all([listChecks(ctl.signal), getResults(undefined, ctl.signal)])
      .then(([c, r]) => { setChecks(c); setResults(r); setError(null); })
      .catch(e => { if (e?.name !== 'AbortError') setError(e.message); });
    return () => ctl.abort();
  }, [bump]);

  async function runEverything() {
    setRunning(true);
    setRunNote(null);
    try {
      const r = await runAll();
      setRunNote(`Ran ${r.results.length} check${r.results.length === 1 ? '' : 's'}.`);
      setBump(b => b + 1);
    } catch (e: any) {
      setError(e.message);
    } finally {
      setRunning(false);
    }
  }

  const byId = new Map<string, AdvisorCheckResult>((results?.checks ?? []).map(r => [r.checkId, r]));
  const shown = (checks ?? [])
    .filter(c => !pillar || c.pillar === pillar)
    .sort((a, b) => statusRank(byId.get(a.id)?.status ?? a.status) - statusRank(byId.get(b.id)?.status ?? b.status)
      || PILLARS.findIndex(p => p.id === a.pillar) - PILLARS.findIndex(p => p.id === b.pillar)
      || a.name.localeCompare(b.name));
  const neverRan = !!checks && checks.length > 0 && (results?.checks.length ?? 0) === 0;
  const lastRun = (results?.checks ?? []).reduce<number | null>((m, r) => { const t = Date.parse(r.ranAt); return m == null || t > m ? t : m; }, null);
  const currency = currencyOf(results?.checks ?? []);

  return (
    <div class="page" data-testid="advisor-page">
      <div class="page-head">
        <h1>Advisor</h1>
        <div class="toolbar">
          <button type="button" class="btn" data-testid="advisor-reload" onClick={() => setBump(b => b + 1)}>Reload</button>
          <button type="button" class="btn primary" data-testid="advisor-run" disabled={running} aria-busy={running} onClick={runEverything}>{running ? 'Running…' : 'Run all checks'}</button>
        </div>
      </div>
      <p class="muted">Checks of cost, performance, security, fault tolerance, service limits and operations: red needs action, yellow is worth a look, green is fine.</p>
      <div class="adv-total" role="status">
        {results && (results.monthlySaving > 0
          ? <span>Possible saving: <strong data-testid="advisor-total-saving">{moneyText(results.monthlySaving, currency)}</strong> a month</span>
          : <span data-testid="advisor-total-saving">No possible saving found</span>)}
        {lastRun != null && <span class="muted small">Last run {formatTime(lastRun, range.timezone)}</span>}
        {runNote && <span class="muted small">{runNote}</span>}
      </div>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!checks && !error && <Loading what="Loading the advisor's checks" />}
      {results && (
        <div class="adv-pillars" role="group" aria-label="Pillars (choose one to show only its checks)">
          {PILLARS.map(p => {
            const s = results.pillars.find(x => x.pillar === p.id) ?? { pillar: p.id, red: 0, yellow: 0, green: 0, notAvailable: 0, monthlySaving: 0 };
            return <PillarCard key={p.id} summary={s} currency={currencyOf(results.checks.filter(c => c.pillar === p.id)) ?? currency} selected={pillar === p.id}
              onSelect={() => setPillar(x => (x === p.id ? null : p.id))} />;
          })}
        </div>
      )}
      {neverRan && <Empty>The checks have not run yet. Choose <strong>Run all checks</strong> to see where things stand.</Empty>}
      {checks && checks.length === 0 && <Empty>The server has no advisor checks.</Empty>}
      {checks && checks.length > 0 && (
        <section aria-labelledby="adv-checks-title">
          <div class="row wrap" style="align-items: baseline; justify-content: space-between">
            <h2 id="adv-checks-title" class="adv-section-title">{pillar ? `${pillarLabel(pillar)} checks` : 'All checks'} ({shown.length})</h2>
            {pillar && <button type="button" class="btn small" data-testid="advisor-show-all" onClick={() => setPillar(null)}>Show every pillar</button>}
          </div>
          <ul class="adv-checks" data-testid="advisor-checks">
            {shown.map(c => <CheckRow key={c.id} check={c} result={byId.get(c.id) ?? null} onChanged={() => setBump(b => b + 1)} />)}
          </ul>
        </section>
      )}
    </div>
  );
}

/** The one currency the flagged items share, or null when none or several. */
function currencyOf(results: AdvisorCheckResult[]): string | null {
  let cur: string | null = null;
  for (const r of results) {
    for (const i of r.items) {
      if (!i.currency) continue;
      if (cur && cur !== i.currency) return null;
      cur = i.currency;
    }
  }
  return cur;
}
