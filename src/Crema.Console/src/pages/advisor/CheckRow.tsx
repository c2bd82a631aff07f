// One check: its status badge and summary; opened, what it looks at, its flagged items and the excluded ones apart.
import { useState } from 'preact/hooks';
import { ErrorBox, Modal } from '../../components/common';
import { formatTime, timeRange } from '../../time';
import { useStore } from '../../store';
import {
  excludeItem, includeItem, moneyText, pillarLabel, runCheck, statusText,
  type AdvisorCheck, type AdvisorCheckResult, type AdvisorItem,
} from '../../advisorApi';
import { StatusBadge } from './StatusBadge';

export function CheckRow({ check, result, onChanged }: { check: AdvisorCheck; result: AdvisorCheckResult | null; onChanged: () => void }) {
  const range = useStore(timeRange);
  const [open, setOpen] = useState(false);
  const [excluding, setExcluding] = useState<AdvisorItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = result?.status ?? check.status ?? null;
  const bodyId = `adv-body-${check.id}`;
  const items = result?.items ?? [];
  const excluded = result?.excludedItems ?? [];
  const saving = result?.monthlySaving ?? check.monthlySaving;

  async function act(f: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await f();
      onChanged();
    } catch (e: any) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card adv-check" data-testid="advisor-check" data-check-id={check.id} data-status={status ?? 'None'}>
      <div class="adv-check-head">
        <button type="button" class="adv-toggle" aria-expanded={open} aria-controls={bodyId} data-testid="advisor-check-toggle" onClick={() => setOpen(o => !o)}>
          <span class="adv-chevron" aria-hidden="true">▸</span>
          <StatusBadge status={status} />
          <span>
            <span class="adv-check-name">{check.name}</span>
            <span class="adv-check-summary"> — {result?.summary ?? check.summary ?? 'not run yet'}</span>
          </span>
        </button>
        <span class="adv-check-meta">
          <span class="tag">{pillarLabel(check.pillar)}</span>
          {saving > 0 && <span data-testid="advisor-check-saving">saves <strong>{moneyText(saving, items.find(i => i.currency)?.currency)}</strong> / month</span>}
          {result && <span class="nowrap">{formatTime(Date.parse(result.ranAt), range.timezone)}</span>}
          <button type="button" class="btn small" disabled={busy} aria-label={`Run ${check.name} now`} data-testid="advisor-check-run" onClick={() => act(() => runCheck(check.id))}>{busy ? 'Running…' : 'Run'}</button>
        </span>
      </div>
      {open && (
        <div class="adv-check-body" id={bodyId}>
          <p class="adv-about">{check.description} <strong>Criteria:</strong> {check.criteria}</p>
          <ErrorBox error={error} />
          {!result && <p class="muted">This check has not run yet.</p>}
          {result && items.length === 0 && <p class="muted" data-testid="advisor-no-items">Nothing flagged{excluded.length ? ' (apart from the excluded items below)' : ''}.</p>}
          {items.length > 0 && (
            <ul class="adv-items" aria-label={`Flagged by ${check.name}`}>
              {items.map(i => (
                <ItemRow key={i.resourceId} item={i}>
                  <button type="button" class="btn small" data-testid="advisor-exclude" aria-label={`Exclude ${i.resourceId} from ${check.name}`} onClick={() => setExcluding(i)}>Exclude…</button>
                </ItemRow>
              ))}
            </ul>
          )}
          {excluded.length > 0 && (
            <>
              <h3 class="adv-section-title">Excluded ({excluded.length}): not counted in the status or the saving</h3>
              <ul class="adv-items" data-testid="advisor-excluded" aria-label={`Excluded from ${check.name}`}>
                {excluded.map(i => (
                  <ItemRow key={i.resourceId} item={i} excluded>
                    <button type="button" class="btn small" disabled={busy} data-testid="advisor-include" aria-label={`Include ${i.resourceId} again`}
                      onClick={() => act(() => includeItem(check.id, i.resourceId))}>Include again</button>
                  </ItemRow>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {excluding && (
        <ExcludeDialog check={check} item={excluding} onClose={() => setExcluding(null)} onDone={() => { setExcluding(null); onChanged(); }} />
      )}
    </li>
  );
}

function ItemRow({ item: i, excluded, children }: { item: AdvisorItem; excluded?: boolean; children: preact.ComponentChildren }) {
  return (
    <li class={excluded ? 'adv-item excluded' : 'adv-item'} data-testid={excluded ? 'advisor-excluded-item' : 'advisor-item'} data-resource-id={i.resourceId} data-status={i.status}>
      <div class="adv-item-head">
        <StatusBadge status={i.status} />
        <span class="adv-item-id">{i.resourceId}</span>
      </div>
      <div class="adv-item-side">
        {i.monthlySaving != null && i.monthlySaving > 0 && <span data-testid="advisor-item-saving">saves <strong>{moneyText(i.monthlySaving, i.currency)}</strong> / month</span>}
        {children}
      </div>
      <p>{i.details}</p>
      <p class="adv-action"><span class="sr-only">Recommended action: </span>{i.recommendedAction}</p>
      {excluded && i.exclusionReason && <p class="adv-reason" data-testid="advisor-exclusion-reason">Excluded: {i.exclusionReason}</p>}
    </li>
  );
}

function ExcludeDialog({ check, item, onClose, onDone }: { check: AdvisorCheck; item: AdvisorItem; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    if (!reason.trim()) { setError('Give a reason: it is shown next to the excluded item.'); return; }
    setBusy(true);
    setError(null);
    try {
      await excludeItem(check.id, item.resourceId, reason.trim());
      onDone();
    } catch (err: any) {
      setError(err.message);
      setBusy(false);
    }
  }
  return (
    <Modal title={`Exclude ${item.resourceId}`} onClose={onClose} testid="advisor-exclude-dialog">
      <form class="form" onSubmit={submit} noValidate>
        <p>From now on <strong>{check.name}</strong> ({statusText(item.status).toLowerCase()}) does not count <strong>{item.resourceId}</strong>; it is listed apart with the reason, and can be included again.</p>
        <label>Reason<input value={reason} required maxLength={1024} data-testid="advisor-exclude-reason" placeholder="e.g. kept on purpose for the weekend market"
          onInput={e => setReason((e.target as HTMLInputElement).value)} /></label>
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="advisor-exclude-submit">{busy ? 'Excluding…' : 'Exclude'}</button>
        </div>
      </form>
    </Modal>
  );
}
