// Scaling: every scalable target with its capacities, suspended kinds, protection and last activity;
// /scaling/<target> is a target's page (graph, policies, schedule, activities, set desired, suspend/resume).
import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading } from '../components/common';
import { formatTime, refreshTick, timeRange } from '../time';
import { useStore } from '../store';
import { listActivities, listTargets, suspendedText, type ScalableTarget, type ScalingActivity } from '../scalingApi';
import { ScalingTarget } from './scaling/ScalingTarget';
import { ActivityStatus } from './scaling/ActivityStatus';

export function ScalingPage({ rest = [] }: { rest?: string[] }) {
  if (rest[0]) {
    const name = decodeURIComponent(rest[0]);
    return <ScalingTarget key={name} name={name} />;
  }
  return <TargetList />;
}

function TargetList() {
  const range = useStore(timeRange);
  const tick = useStore(refreshTick);
  const [targets, setTargets] = useState<ScalableTarget[] | null>(null);
  const [last, setLast] = useState<Record<string, ScalingActivity | null>>({});
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    listTargets(ctl.signal)
      .then(async ts => {
        ts.sort((a, b) => a.name.localeCompare(b.name));
        setTargets(ts);
        setError(null);
        // One small call per target: the newest activity of each, whatever the others did.
        const rows = await Promise.all(ts.map(t => listActivities({ target: t.name, maxRecords: 1 }, ctl.signal)
          .then(r => [t.name, r.activities[0] ?? null] as const)
          .catch(() => [t.name, null] as const)));
        setLast(Object.fromEntries(rows));
      })
      .catch(e => { if (e?.name !== 'AbortError') setError(e.message); });
    return () => ctl.abort();
  }, [bump, tick]);

  return (
    <div class="page">
      <div class="page-head">
        <h1>Scaling</h1>
        <div class="toolbar">
          <button type="button" class="btn" data-testid="scaling-reload" onClick={() => setBump(b => b + 1)}>Reload</button>
        </div>
      </div>
      <p class="muted">Scalable targets: the capacity Crema keeps between the minimum and maximum, from their policies and schedules.</p>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!targets && !error && <Loading what="Loading the scalable targets" />}
      {targets && targets.length === 0 && <Empty>No scalable targets yet. Register one with <code>crema scaling targets create</code> (the demo registers <code>baristas-&lt;shop&gt;</code>).</Empty>}
      {targets && targets.length > 0 && (
        <div class="table-scroll">
          <table class="table" data-testid="scaling-targets">
            <thead>
              <tr>
                <th scope="col">Target</th><th scope="col" class="num">Min</th><th scope="col" class="num">Desired</th><th scope="col" class="num">Actual</th>
                <th scope="col" class="num">Max</th><th scope="col">Suspended</th><th scope="col">Scale-in protection</th><th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {targets.map(t => {
                const a = last[t.name];
                const sus = suspendedText(t.suspendedState);
                const off = t.actualCapacity != null && t.actualCapacity !== t.desiredCapacity;
                return (
                  <tr key={t.name} data-target={t.name}>
                    <td class="name-cell">
                      <a href={`/scaling/${encodeURIComponent(t.name)}`} data-testid="scaling-target-link">{t.name}</a>
                      <span class="muted small"> {t.capacityUnit}</span>
                      {t.failedAttempts > 0 && <span class="tag status-ended" title={t.nextRetryAt ? `Next retry ${formatTime(Date.parse(t.nextRetryAt), range.timezone, true)}` : undefined}>{t.failedAttempts} failed</span>}
                    </td>
                    <td class="num" data-testid="target-min">{t.minCapacity}</td>
                    <td class="num" data-testid="target-desired"><strong>{t.desiredCapacity}</strong></td>
                    <td class="num" data-testid="target-actual">{t.actualCapacity == null ? <span class="muted" title="The actuator has not reported it">–</span> : <span class={off ? 'hint' : undefined} title={off ? 'Not yet what is desired' : undefined}>{t.actualCapacity}</span>}</td>
                    <td class="num" data-testid="target-max">{t.maxCapacity}</td>
                    <td data-testid="target-suspended">{sus ? <span class="tag muted-tag">{sus}</span> : <span class="muted">no</span>}</td>
                    <td data-testid="target-protected">{t.scaleInProtected ? <span class="tag muted-tag">protected</span> : <span class="muted">no</span>}</td>
                    <td class="reason" data-testid="target-last-activity">
                      {a === undefined ? <span class="muted">…</span> : a === null ? <span class="muted">none yet</span> : (
                        <>
                          <ActivityStatus status={a.status} /> <span class="nowrap muted">{formatTime(Date.parse(a.startTime), range.timezone)}</span>
                          <div>{a.cause}</div>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
