// Verify the audit trail over a chosen range: the hash chain, the Merkle roots and the digests' signatures;
// the result in words, with the first failure named.
import { useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../../components/common';
import { listDigests, signDigestNow, verifyTrail, type VerifyReport } from '../../auditApi';
import { formatTime, fromInputValue, resolve, timeRange, toInputValue, zoneName } from '../../time';
import { useStore } from '../../store';

export function VerifyTab() {
  const range = useStore(timeRange);
  const zone = range.timezone;
  const r = resolve(range);
  const [from, setFrom] = useState(toInputValue(r.from, zone));
  const [to, setTo] = useState(toInputValue(r.to, zone));
  const [whole, setWhole] = useState(false);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [signed, setSigned] = useState<string | null>(null);
  const [digests, setDigests] = useState<any[] | null>(null);
  const [digestError, setDigestError] = useState<string | null>(null);

  async function verify(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const f = whole ? undefined : fromInputValue(from, zone);
      const t = whole ? undefined : fromInputValue(to, zone);
      if (!whole && (!Number.isFinite(f!) || !Number.isFinite(t!) || f! >= t!)) throw new Error('"From" must be a time before "to".');
      setReport(await verifyTrail(f, t));
    } catch (err: any) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  async function sign() {
    setSigned(null);
    setError(null);
    try {
      const d = await signDigestNow();
      setSigned(`Digest ${d.digestSequence} signed, covering ${d.eventCount} event${d.eventCount === 1 ? '' : 's'}.`);
    } catch (err: any) {
      setError(err.message);
    }
  }

  function loadDigests(e: Event) {
    if (!(e.target as HTMLDetailsElement).open || digests) return;
    listDigests().then(d => setDigests(d.reverse())).catch(err => setDigestError(err.message));
  }

  const first = report?.findings[0];
  return (
    <section aria-label="Verify the trail" class="verify">
      <form class="card pad form" onSubmit={verify} data-testid="audit-verify-form">
        <p class="muted">Checks that no event in the range was altered, removed, inserted or reordered: the hash chain, each digest’s Merkle root and its signature.</p>
        <label class="check"><input type="checkbox" checked={whole} data-testid="audit-verify-whole" onChange={e => setWhole((e.target as HTMLInputElement).checked)} /> The whole trail</label>
        {!whole && (
          <div class="row wrap">
            <label>From ({zoneName(zone)})<input type="datetime-local" value={from} data-testid="audit-verify-from" onInput={e => setFrom((e.target as HTMLInputElement).value)} /></label>
            <label>To ({zoneName(zone)})<input type="datetime-local" value={to} data-testid="audit-verify-to" onInput={e => setTo((e.target as HTMLInputElement).value)} /></label>
          </div>
        )}
        <div class="row wrap">
          <button type="submit" class="btn primary" disabled={busy} data-testid="audit-verify">{busy ? 'Verifying…' : 'Verify'}</button>
          <button type="button" class="btn" data-testid="audit-sign-digest" onClick={sign} title="Events newer than the last digest are checked by the chain only until a digest signs them">Sign a digest now</button>
          {signed && <span role="status" class="muted">{signed}</span>}
        </div>
      </form>
      <ErrorBox error={error} />
      {busy && <Loading what="Verifying" />}
      {report && (
        <div class={`card pad verify-result ${report.ok ? 'ok' : 'failed'}`} role="status" data-testid="audit-verify-result" data-ok={String(report.ok)}>
          <h2>{report.ok ? '✓ Verified' : '✗ Verification failed'}</h2>
          <p>
            {report.eventsChecked} event{report.eventsChecked === 1 ? '' : 's'} checked against {report.digestsChecked} signed digest{report.digestsChecked === 1 ? '' : 's'}.
            {report.eventsNotYetDigested > 0 && ` ${report.eventsNotYetDigested} newer event${report.eventsNotYetDigested === 1 ? ' is' : 's are'} not yet in a digest: the hash chain covers ${report.eventsNotYetDigested === 1 ? 'it' : 'them'}, the next digest signs ${report.eventsNotYetDigested === 1 ? 'it' : 'them'}.`}
            {report.ok && ' Nothing was altered, removed, inserted or reordered.'}
          </p>
          {first && (
            <p data-testid="audit-verify-first-failure">
              <strong>First failure:</strong> {first.kind}{first.sequence != null && ` at event ${first.sequence}`}{first.eventId && ` (${first.eventId})`}{first.digestSequence != null && `, digest ${first.digestSequence}`}: {first.message}
            </p>
          )}
          {report.findings.length > 1 && (
            <details>
              <summary>All {report.findings.length} findings</summary>
              <ol>{report.findings.map((f, i) => <li key={i}>{f.kind}{f.sequence != null && ` at ${f.sequence}`}: {f.message}</li>)}</ol>
            </details>
          )}
        </div>
      )}
      <details class="card pad" onToggle={loadDigests as any} data-testid="audit-digests">
        <summary>The signed digests</summary>
        <ErrorBox error={digestError} />
        {!digests && !digestError && <Loading what="Loading the digests" />}
        {digests && digests.length === 0 && <p class="muted">No digest yet (one is written every few minutes).</p>}
        {digests && digests.length > 0 && (
          <table class="table">
            <thead><tr><th scope="col" class="num">Digest</th><th scope="col">Period</th><th scope="col" class="num">Events</th><th scope="col" class="hide-narrow">Merkle root</th></tr></thead>
            <tbody>
              {digests.map(d => (
                <tr key={d.digestSequence}>
                  <td class="num">{d.digestSequence}</td>
                  <td class="nowrap">{formatTime(Date.parse(d.periodStart), zone)} – {formatTime(Date.parse(d.periodEnd), zone)}</td>
                  <td class="num">{d.eventCount}{d.firstEventSequence != null && <div class="muted small">{d.firstEventSequence}–{d.lastEventSequence}</div>}</td>
                  <td class="hide-narrow"><code class="hash">{String(d.merkleRoot ?? '').slice(0, 16)}…</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </section>
  );
}
