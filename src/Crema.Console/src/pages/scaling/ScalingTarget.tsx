// One scalable target: its capacities and state, the graph of capacity against the tracked metric with the
// activities marked, its policies, scheduled actions and activities; set the desired capacity, suspend or resume.
import { useEffect, useState } from 'preact/hooks';
import { Confirm, Empty, ErrorBox, FieldError, Loading, Modal, fieldErrors } from '../../components/common';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { StateBadge } from '../../widgets/AlarmWidget';
import { ApiError } from '../../api';
import { formatNumber } from '../../format';
import { useStore } from '../../store';
import { formatTime, refreshTick, timeRange, type Zone } from '../../time';
import {
  allSuspended, getTarget, listActions, listActivities, listPolicies, metricText, secondsText, setDesiredCapacity, suspendScaling, suspendedText,
  type ScalableTarget, type ScalingActivity, type ScalingPolicy, type ScheduledAction,
} from '../../scalingApi';
import { ScalingChart } from './ScalingChart';
import { ActivityStatus } from './ActivityStatus';

export function ScalingTarget({ name }: { name: string }) {
  const range = useStore(timeRange);
  const tick = useStore(refreshTick);
  const [target, setTarget] = useState<ScalableTarget | null | undefined>(undefined);
  const [policies, setPolicies] = useState<ScalingPolicy[] | null>(null);
  const [actions, setActions] = useState<ScheduledAction[] | null>(null);
  const [activities, setActivities] = useState<ScalingActivity[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [partError, setPartError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [dialog, setDialog] = useState<'desired' | 'suspend' | 'resume' | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    getTarget(name, false, ctl.signal)
      .then(t => { setTarget(t); setError(null); })
      .catch(e => {
        if (e?.name === 'AbortError') return;
        if (e instanceof ApiError && e.status === 404) setTarget(null);
        else setError(e.message);
      });
    Promise.all([
      listPolicies(name, ctl.signal).then(setPolicies),
      listActions(name, ctl.signal).then(setActions),
      listActivities({ target: name, maxRecords: 200 }, ctl.signal).then(r => { setActivities(r.activities); setNext(r.nextToken ?? null); }),
    ]).then(() => setPartError(null)).catch(e => { if (e?.name !== 'AbortError' && !(e instanceof ApiError && e.status === 404)) setPartError(e.message); });
    return () => ctl.abort();
  }, [name, bump, tick]);

  async function more() {
    try {
      const r = await listActivities({ target: name, maxRecords: 200, nextToken: next });
      setActivities(a => [...(a ?? []), ...r.activities]);
      setNext(r.nextToken ?? null);
    } catch (e: any) {
      setPartError(e.message);
    }
  }

  if (error) return <div class="page"><Back /><ErrorBox error={error} onRetry={() => setBump(b => b + 1)} /></div>;
  if (target === undefined) return <div class="page"><Back /><Loading what={`Loading ${name}`} /></div>;
  if (target === null) return <div class="page"><Back /><h1>{name}</h1><Empty>No scalable target is named “{name}”. It may have been deregistered.</Empty></div>;

  const tracking = policies?.find(p => p.policyType === 'TargetTracking' && p.targetTracking?.metric) ?? null;
  const sus = suspendedText(target.suspendedState);
  const refresh = () => setBump(b => b + 1);
  return (
    <div class="page scaling-target" data-testid="scaling-target">
      <Back />
      <div class="page-head">
        <h1 data-testid="scaling-target-name">{target.name}</h1>
        <div class="toolbar">
          <button type="button" class="btn primary" data-testid="scaling-set-desired" onClick={() => setDialog('desired')}>Set desired capacity…</button>
          {!allSuspended(target.suspendedState) && <button type="button" class="btn" data-testid="scaling-suspend" onClick={() => setDialog('suspend')}>Suspend…</button>}
          {sus && <button type="button" class="btn" data-testid="scaling-resume" onClick={() => setDialog('resume')}>Resume…</button>}
        </div>
      </div>
      <section class="card detail-card" aria-label="Summary">
        <dl class="facts">
          {target.description && <><dt>Description</dt><dd>{target.description}</dd></>}
          <dt>Capacity</dt>
          <dd data-testid="scaling-capacity">
            desired <strong data-testid="scaling-desired">{target.desiredCapacity}</strong>, actual <strong data-testid="scaling-actual">{target.actualCapacity ?? '–'}</strong> {target.capacityUnit}
            <span class="muted"> (between {target.minCapacity} and {target.maxCapacity})</span>
          </dd>
          <dt>Suspended</dt>
          <dd data-testid="scaling-suspended">{sus ? <span class="tag muted-tag">{sus}</span> : 'No: dynamic and scheduled scaling are on.'}</dd>
          <dt>Scale-in protection</dt>
          <dd data-testid="scaling-protected">{target.scaleInProtected ? 'On: no policy lowers the capacity.' : 'Off.'}</dd>
          <dt>Actuator</dt>
          <dd>{target.actuator?.type === 'webhook' ? <>webhook <code>{target.actuator.url}</code></> : target.actuator?.type === 'command' ? <>command <code>{target.actuator.command}</code></> : '–'}
            {target.failedAttempts > 0 && <span class="text-danger"> · {target.failedAttempts} failed request{target.failedAttempts > 1 ? 's' : ''} in a row{target.nextRetryAt ? `, next retry ${formatTime(Date.parse(target.nextRetryAt), range.timezone, true)}` : ''}</span>}
          </dd>
        </dl>
      </section>
      <ErrorBox error={partError} onRetry={refresh} />
      <section aria-label="Graph">
        <h2 class="section-title">Capacity and metric</h2>
        <TimeRangePicker />
        {policies && activities ? <ScalingChart target={target} policy={tracking} activities={activities} range={range} bump={bump} /> : <Loading what="Loading the graph" />}
      </section>
      <Policies policies={policies} />
      <Schedule actions={actions} zone={range.timezone} />
      <Activities activities={activities} zone={range.timezone} next={next} onMore={more} />
      {dialog === 'desired' && <DesiredDialog target={target} onClose={() => setDialog(null)} onDone={() => { setDialog(null); refresh(); }} />}
      {(dialog === 'suspend' || dialog === 'resume') && (
        <SuspendDialog target={target} suspend={dialog === 'suspend'} onClose={() => setDialog(null)} onDone={() => { setDialog(null); refresh(); }} />
      )}
    </div>
  );
}

function Back() {
  return <p class="crumbs"><a href="/scaling">← All scalable targets</a></p>;
}

function Policies({ policies }: { policies: ScalingPolicy[] | null }) {
  return (
    <section aria-label="Policies">
      <h2 class="section-title">Policies</h2>
      {!policies && <Loading what="Loading the policies" />}
      {policies && policies.length === 0 && <Empty>No scaling policies: only schedules and manual changes move the capacity.</Empty>}
      {policies && policies.length > 0 && (
        <div class="table-scroll">
          <table class="table" data-testid="scaling-policies">
            <thead><tr><th scope="col">Policy</th><th scope="col">Type</th><th scope="col">Metric or alarm</th><th scope="col" class="num">Target value</th><th scope="col">Cooldowns</th><th scope="col">Warm-up</th><th scope="col">Alarms</th></tr></thead>
            <tbody>
              {policies.map(p => {
                const tt = p.targetTracking, st = p.stepScaling;
                return (
                  <tr key={p.policyName} data-policy={p.policyName}>
                    <td class="name-cell">{p.policyName}</td>
                    <td>{p.policyType === 'TargetTracking' ? 'Target tracking' : p.policyType === 'StepScaling' ? 'Step scaling' : p.policyType}</td>
                    <td class="reason">
                      {tt ? metricText(tt.metric) : st ? <>alarm <a href={`/alarms/${encodeURIComponent(st.alarmName ?? '')}`}>{st.alarmName}</a>, {st.adjustmentType ?? 'ChangeInCapacity'}: {(st.stepAdjustments ?? []).map(s => `[${s.metricIntervalLowerBound ?? '−∞'}, ${s.metricIntervalUpperBound ?? '+∞'}) ${(s.scalingAdjustment ?? 0) >= 0 ? '+' : ''}${s.scalingAdjustment}`).join(', ')}</> : '–'}
                    </td>
                    <td class="num">{tt ? formatNumber(tt.targetValue ?? null, tt.metric?.unit) : '–'}</td>
                    <td class="nowrap">{tt ? <>out {secondsText(tt.scaleOutCooldown ?? 300)}, in {secondsText(tt.scaleInCooldown ?? 300)}{tt.disableScaleIn ? ' (scale-in off)' : ''}</> : st ? secondsText(st.cooldown ?? 300) : '–'}</td>
                    <td class="nowrap">{tt ? secondsText(tt.warmup ?? 0) : '–'}</td>
                    <td>{p.alarms.map(a => <div key={a.alarmName} class="nowrap"><StateBadge state={a.stateValue} /> <a href={`/alarms/${encodeURIComponent(a.alarmName)}`} title={a.alarmName}>{shortAlarm(a.alarmName, p)}</a>{a.managed && <span class="tag" title="Created and managed by the policy">managed</span>}</div>)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A managed alarm's name without the "TargetTracking-<target>-<policy>-" every one of them starts with. */
function shortAlarm(name: string, p: ScalingPolicy): string {
  const prefix = `TargetTracking-${p.targetName}-${p.policyName}-`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function Schedule({ actions, zone }: { actions: ScheduledAction[] | null; zone: Zone }) {
  const when = (s: string | null | undefined) => (s ? formatTime(Date.parse(s), zone) : '–');
  const n = (v: number | null | undefined) => (v == null ? <span class="muted">–</span> : v);
  return (
    <section aria-label="Scheduled actions">
      <h2 class="section-title">Scheduled actions</h2>
      {!actions && <Loading what="Loading the scheduled actions" />}
      {actions && actions.length === 0 && <Empty>No scheduled actions.</Empty>}
      {actions && actions.length > 0 && (
        <div class="table-scroll">
          <table class="table" data-testid="scaling-schedule">
            <thead><tr><th scope="col">Action</th><th scope="col">Schedule</th><th scope="col">Time zone</th><th scope="col" class="num">Min</th><th scope="col" class="num">Max</th><th scope="col" class="num">Desired</th><th scope="col">Next run</th><th scope="col">Last run</th></tr></thead>
            <tbody>
              {actions.map(a => (
                <tr key={a.name} data-action={a.name}>
                  <td class="name-cell">{a.name}{(a.startTime || a.endTime) && <div class="muted small">{a.startTime ? `from ${when(a.startTime)}` : ''}{a.endTime ? ` until ${when(a.endTime)}` : ''}</div>}</td>
                  <td><code>{a.schedule}</code></td>
                  <td>{a.timeZone}</td>
                  <td class="num">{n(a.minCapacity)}</td>
                  <td class="num">{n(a.maxCapacity)}</td>
                  <td class="num">{n(a.desiredCapacity)}</td>
                  <td class="nowrap">{when(a.nextRunAt)}</td>
                  <td class="nowrap">{when(a.lastRunAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const KIND_WORDS: Record<string, string> = { ScaleOut: 'Scale out', ScaleIn: 'Scale in', Scheduled: 'Scheduled', Clamp: 'Clamp', Manual: 'Manual', Retry: 'Retry' };

function Activities({ activities, zone, next, onMore }: { activities: ScalingActivity[] | null; zone: Zone; next: string | null; onMore: () => void }) {
  return (
    <section aria-label="Activities">
      <h2 class="section-title">Activities</h2>
      {!activities && <Loading what="Loading the activities" />}
      {activities && activities.length === 0 && <Empty>No scaling activities yet.</Empty>}
      {activities && activities.length > 0 && (
        <div class="table-scroll">
          <table class="table" data-testid="scaling-activities">
            <thead><tr><th scope="col">Cause</th><th scope="col">Kind</th><th scope="col">Start</th><th scope="col">End</th><th scope="col">Status</th><th scope="col">Error</th></tr></thead>
            <tbody>
              {activities.map(a => (
                <tr key={a.activityId} data-status={a.status} data-from={a.fromCapacity} data-to={a.toCapacity}>
                  <td class="reason">{a.cause}{(a.policyName || a.attempt > 1) && <div class="muted small">{[a.policyName ? `policy ${a.policyName}` : '', a.attempt > 1 ? `attempt ${a.attempt}` : ''].filter(Boolean).join(' · ')}</div>}</td>
                  <td class="nowrap">{KIND_WORDS[a.kind] ?? a.kind}</td>
                  <td class="nowrap">{formatTime(Date.parse(a.startTime), zone, true)}</td>
                  <td class="nowrap">{a.endTime ? formatTime(Date.parse(a.endTime), zone, true) : <span class="muted">–</span>}</td>
                  <td><ActivityStatus status={a.status} /></td>
                  <td class="reason">{a.statusMessage ? <span class="text-danger">{a.statusMessage}</span> : <span class="muted">–</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && <button type="button" class="btn" data-testid="activities-more" onClick={onMore}>Show older</button>}
    </section>
  );
}

function DesiredDialog({ target, onClose, onDone }: { target: ScalableTarget; onClose: () => void; onDone: () => void }) {
  const [value, setValue] = useState(String(target.desiredCapacity));
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string[]> | null>(null);
  const [busy, setBusy] = useState(false);
  const n = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(n) && n >= target.minCapacity && n <= target.maxCapacity;
  const localError = value.trim() === '' ? null : !Number.isInteger(n) ? 'The capacity must be a whole number.' : !valid ? `The capacity must be between ${target.minCapacity} and ${target.maxCapacity}.` : null;

  async function submit(e: Event) {
    e.preventDefault();
    if (!valid) return;
    if (!confirming) { setConfirming(true); return; }
    setBusy(true);
    setError(null);
    setFields(null);
    try {
      await setDesiredCapacity(target.name, n, reason.trim() || undefined);
      onDone();
    } catch (err: any) {
      setError(err.message);
      setFields(err instanceof ApiError ? err.errors ?? null : null);
      setConfirming(false);
      setBusy(false);
    }
  }
  return (
    <Modal title="Set the desired capacity" onClose={onClose} testid="scaling-desired-dialog">
      <form class="form" onSubmit={submit}>
        <p class="muted">Crema calls the actuator at once and records a manual activity. Policies and schedules may change it again later.</p>
        <label>Desired capacity ({target.capacityUnit}, {target.minCapacity} to {target.maxCapacity})
          <input type="number" min={target.minCapacity} max={target.maxCapacity} step={1} required value={value} data-testid="scaling-desired-value"
            aria-invalid={!!localError} aria-describedby="desired-error" onInput={e => { setValue((e.target as HTMLInputElement).value); setConfirming(false); }} />
        </label>
        <FieldError id="desired-error" messages={localError ? [localError] : fieldErrors(fields, 'DesiredCapacity')} />
        <label>Reason (optional)
          <input value={reason} maxLength={256} placeholder="e.g. a coach party is arriving" data-testid="scaling-desired-reason" onInput={e => setReason((e.target as HTMLInputElement).value)} />
        </label>
        {confirming && <p class="warning-box" role="alert" data-testid="scaling-desired-confirm">Change <strong>{target.name}</strong> from {target.desiredCapacity} to <strong>{n}</strong> {target.capacityUnit} now?</p>}
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy || !valid} data-testid="scaling-desired-submit">{busy ? 'Working…' : confirming ? `Yes, set to ${n}` : 'Set…'}</button>
        </div>
      </form>
    </Modal>
  );
}

function SuspendDialog({ target, suspend, onClose, onDone }: { target: ScalableTarget; suspend: boolean; onClose: () => void; onDone: () => void }) {
  const s = target.suspendedState;
  // Offer the kinds that can change: on suspend those running, on resume those suspended.
  const kinds = [
    { key: 'dynamicScalingOut' as const, label: 'Dynamic scale-out (policies adding capacity)', now: !!s.dynamicScalingOutSuspended },
    { key: 'dynamicScalingIn' as const, label: 'Dynamic scale-in (policies removing capacity)', now: !!s.dynamicScalingInSuspended },
    { key: 'scheduledScaling' as const, label: 'Scheduled scaling', now: !!s.scheduledScalingSuspended },
  ].filter(k => (suspend ? !k.now : k.now));
  const [picked, setPicked] = useState<Record<string, boolean>>(() => Object.fromEntries(kinds.map(k => [k.key, true])));
  const chosen = kinds.filter(k => picked[k.key]);
  return (
    <Confirm title={suspend ? 'Suspend scaling' : 'Resume scaling'} confirmLabel={suspend ? 'Suspend' : 'Resume'} danger={suspend} testid="scaling-suspend-dialog"
      onClose={onClose}
      onConfirm={async () => {
        if (!chosen.length) throw new Error('Pick at least one kind of scaling.');
        await suspendScaling(target.name, suspend, Object.fromEntries(chosen.map(k => [k.key, true])));
        onDone();
      }}>
      <p>{suspend ? 'Stop' : 'Start again'} these kinds of scaling for <strong>{target.name}</strong>:</p>
      <div class="checks">
        {kinds.map(k => (
          <label key={k.key} class="inline">
            <input type="checkbox" checked={!!picked[k.key]} data-testid={`scaling-kind-${k.key}`} onChange={e => setPicked(p => ({ ...p, [k.key]: (e.target as HTMLInputElement).checked }))} /> {k.label}
          </label>
        ))}
      </div>
      <p class="muted">{suspend ? 'While suspended the capacity stays where it is unless changed by hand.' : 'Resumed scheduled scaling does not replay what fell due meanwhile.'}</p>
    </Confirm>
  );
}
