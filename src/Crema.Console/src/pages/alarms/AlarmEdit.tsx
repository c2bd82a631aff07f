// Create or edit an alarm: the metric alarm form with a live preview (POST /api/v1/alarms/preview, debounced),
// or the composite alarm form (a rule over other alarms). Server validation errors are shown by their fields.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { Empty, ErrorBox, FieldError, fieldErrors, Loading } from '../../components/common';
import { dimsText, loadCatalog, STATS, type Catalog } from '../../catalog';
import { navigate } from '../../router';
import {
  ALARM_PERIODS, BAND_COMPARISONS, COMPARISONS, getAlarm, listTopics, previewAlarm, putCompositeAlarm, putMetricAlarm, TREAT_MISSING,
  type AnyAlarm, type CompositeAlarm, type MetricAlarm, type Preview, type Topic,
} from '../../alarmsApi';
import { PreviewView } from './PreviewView';

export function AlarmEdit({ kind, name }: { kind?: 'metric' | 'composite'; name?: string }) {
  const [alarm, setAlarm] = useState<AnyAlarm | null | undefined>(name ? undefined : null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (name) getAlarm(name).then(a => setAlarm(a)).catch(e => setError(e.message));
  }, [name]);
  const back = name ? `/alarms/${encodeURIComponent(name)}` : '/alarms';
  const title = name ? `Edit ${name}` : kind === 'composite' ? 'Create composite alarm' : 'Create metric alarm';
  return (
    <div class="page alarm-edit">
      <p class="crumbs"><a href={back}>← {name ? name : 'All alarms'}</a></p>
      <h1>{title}</h1>
      <ErrorBox error={error} />
      {name && alarm === undefined && !error && <Loading what={`Loading ${name}`} />}
      {name && alarm === null && <Empty>No alarm is named “{name}”.</Empty>}
      {alarm !== undefined && (!name || alarm) && (
        (alarm?.kind ?? kind) === 'composite'
          ? <CompositeForm existing={alarm as CompositeAlarm | null} />
          : <MetricForm existing={alarm as MetricAlarm | null} />
      )}
    </div>
  );
}

/** Topics for the action pickers (an empty list when the caller may not list them). */
function useTopics(): { topics: Topic[]; error: string | null } {
  const [topics, setTopics] = useState<Topic[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { listTopics().then(setTopics).catch(e => setError(e.message)); }, []);
  return { topics, error };
}

interface ActionsValue { alarmActions: string[]; okActions: string[]; insufficientDataActions: string[]; actionsEnabled: boolean }

function ActionsFields({ value, onChange, topics, topicsError, errors }: { value: ActionsValue; onChange: (v: ActionsValue) => void; topics: Topic[]; topicsError: string | null; errors: Record<string, string[]> | null }) {
  const rows: { key: keyof ActionsValue; label: string; field: string }[] = [
    { key: 'alarmActions', label: 'When it goes to ALARM', field: 'alarmActions' },
    { key: 'okActions', label: 'When it goes to OK', field: 'okActions' },
    { key: 'insufficientDataActions', label: 'When it goes to INSUFFICIENT_DATA', field: 'insufficientDataActions' },
  ];
  // Topics an alarm names that no longer exist still show, so that saving keeps them.
  const names = [...new Set([...topics.map(t => t.name), ...value.alarmActions, ...value.okActions, ...value.insufficientDataActions])].sort();
  return (
    <fieldset data-testid="alarm-actions-fields">
      <legend>Actions (notify topics)</legend>
      <label class="check"><input type="checkbox" checked={value.actionsEnabled} data-testid="alarm-actions-enabled" onChange={e => onChange({ ...value, actionsEnabled: (e.target as HTMLInputElement).checked })} /> Run the actions (untick to keep the alarm quiet)</label>
      {topicsError && <p class="hint">The topics cannot be listed: {topicsError}</p>}
      {names.length === 0 && !topicsError && <p class="muted">No topics yet. <a href="/topics">Create a topic</a> to be notified.</p>}
      {names.length > 0 && rows.map(r => (
        <div class="action-row" key={r.key} role="group" aria-label={r.label}>
          <span class="action-label">{r.label}</span>
          <div class="checks">
            {names.map(n => {
              const list = value[r.key] as string[];
              return (
                <label class="check" key={n}>
                  <input type="checkbox" checked={list.includes(n)} data-testid={`action-${r.key}-${n}`}
                    onChange={e => onChange({ ...value, [r.key]: (e.target as HTMLInputElement).checked ? [...list, n] : list.filter(x => x !== n) })} />
                  {n}{!topics.some(t => t.name === n) && topics.length > 0 && <span class="hint"> (no such topic)</span>}
                </label>
              );
            })}
          </div>
          <FieldError messages={fieldErrors(errors, r.field, r.field === 'okActions' ? 'OKActions' : r.field)} />
        </div>
      ))}
    </fieldset>
  );
}

const PREVIEW_WINDOWS = [
  { label: 'Last 1 h', ms: 3600_000 },
  { label: 'Last 6 h', ms: 6 * 3600_000 },
  { label: 'Last day', ms: 86400_000 },
  { label: 'Last 7 days', ms: 7 * 86400_000 },
];

const parseDims = (text: string) => text.split(',').map(s => s.trim()).filter(Boolean).map(s => {
  const i = s.indexOf('=');
  return i < 0 ? { name: s, value: '' } : { name: s.slice(0, i).trim(), value: s.slice(i + 1).trim() };
});
const dimsToText = (d: { name: string; value: string }[] | null | undefined) => (d ?? []).map(x => `${x.name}=${x.value}`).join(', ');
const numOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

function MetricForm({ existing }: { existing: MetricAlarm | null }) {
  const a = existing;
  const advanced = !!(a && (a.metrics?.length || BAND_COMPARISONS.includes(a.comparisonOperator)));
  const [mode, setMode] = useState<'form' | 'json'>(advanced ? 'json' : 'form');
  const [name, setName] = useState(a?.alarmName ?? '');
  const [description, setDescription] = useState(a?.alarmDescription ?? '');
  const [namespace, setNamespace] = useState(a?.namespace ?? '');
  const [metricName, setMetricName] = useState(a?.metricName ?? '');
  const [dims, setDims] = useState(dimsToText(a?.dimensions));
  const [statistic, setStatistic] = useState(a?.statistic ?? 'Average');
  const [period, setPeriod] = useState(String(a?.period ?? 60));
  const [evaluationPeriods, setEvaluationPeriods] = useState(String(a?.evaluationPeriods ?? 3));
  const [datapointsToAlarm, setDatapointsToAlarm] = useState(a?.datapointsToAlarm != null ? String(a.datapointsToAlarm) : '');
  const [comparison, setComparison] = useState(a?.comparisonOperator || 'GreaterThanOrEqualToThreshold');
  const [threshold, setThreshold] = useState(a?.threshold != null ? String(a.threshold) : '');
  const [treatMissing, setTreatMissing] = useState(a?.treatMissingData ?? 'missing');
  const [lowSample, setLowSample] = useState(a?.evaluateLowSampleCountPercentile ?? '');
  const [forecast, setForecast] = useState(!!a?.forecast);
  const [horizon, setHorizon] = useState(String(Math.round((a?.forecast?.horizonSeconds ?? 1800) / 60)));
  const [fitWindow, setFitWindow] = useState(String(Math.round((a?.forecast?.windowSeconds ?? 3600) / 60)));
  const [actions, setActions] = useState<ActionsValue>({
    alarmActions: a?.alarmActions ?? [], okActions: a?.okActions ?? [], insufficientDataActions: a?.insufficientDataActions ?? [], actionsEnabled: a?.actionsEnabled ?? true,
  });
  const [json, setJson] = useState(() => JSON.stringify(a ? bodyOfAlarm(a) : {}, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const { topics, error: topicsError } = useTopics();
  const [windowMs, setWindowMs] = useState(86400_000);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewState, setPreviewState] = useState<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewErrors, setPreviewErrors] = useState<Record<string, string[]> | null>(null);
  const [saveErrors, setSaveErrors] = useState<Record<string, string[]> | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => { loadCatalog().then(setCatalog).catch(e => setCatalogError(e.message)); }, []);

  const formBody = (): Record<string, unknown> => {
    const b: Record<string, unknown> = {
      alarmDescription: description || undefined,
      namespace: namespace.trim(),
      metricName: metricName.trim(),
      dimensions: parseDims(dims),
      statistic: statistic.trim(),
      period: Number(period),
      evaluationPeriods: numOrNull(evaluationPeriods),
      datapointsToAlarm: numOrNull(datapointsToAlarm) ?? undefined,
      comparisonOperator: comparison,
      threshold: numOrNull(threshold),
      treatMissingData: treatMissing,
      ...actions,
    };
    if (/^p\d/i.test(statistic.trim()) && lowSample) b.evaluateLowSampleCountPercentile = lowSample;
    if (forecast) b.forecast = { horizonSeconds: Math.round(Number(horizon) * 60), windowSeconds: Math.round(Number(fitWindow) * 60) };
    return b;
  };

  // The body the form stands for; in JSON mode, the text (or null while it does not parse).
  const parsed = useMemo((): { body: Record<string, unknown> | null; error: string | null } => {
    if (mode === 'json') {
      try {
        const v = JSON.parse(json);
        if (!v || typeof v !== 'object' || Array.isArray(v)) return { body: null, error: 'The body must be a JSON object.' };
        return { body: v as Record<string, unknown>, error: null };
      } catch (e: any) {
        return { body: null, error: `The JSON does not parse: ${e.message}` };
      }
    }
    return { body: formBody(), error: null };
  }, [mode, json, description, namespace, metricName, dims, statistic, period, evaluationPeriods, datapointsToAlarm, comparison, threshold, treatMissing, lowSample, forecast, horizon, fitWindow, actions]);
  const body = parsed.body;
  const shownJsonError = jsonError ?? parsed.error;
  const bodyKey = JSON.stringify(body);

  // Live preview: debounced, the previous request aborted when the form changes again.
  useEffect(() => {
    if (!body) return;
    const b = body as any;
    const ready = b.metrics || (b.namespace && b.metricName && b.statistic && b.period);
    if (!ready) { setPreviewState('idle'); setPreview(null); setPreviewErrors(null); return; }
    if (b.forecast) { setPreviewState('error'); setPreview(null); setPreviewErrors(null); setPreviewError('A forecast alarm cannot be previewed: it projects a trend at each moment rather than comparing periods.'); return; }
    const ctl = new AbortController();
    const timer = window.setTimeout(async () => {
      setPreviewState('loading');
      const end = Date.now();
      try {
        const p = await previewAlarm({ ...b, startTime: new Date(end - windowMs).toISOString(), endTime: new Date(end).toISOString() }, ctl.signal);
        setPreview(p);
        setPreviewErrors(null);
        setPreviewError(null);
        setPreviewState('ready');
      } catch (e: any) {
        if (e?.name === 'AbortError') return;
        setPreviewErrors(e instanceof ApiError ? e.errors ?? null : null);
        setPreviewError(e.message);
        setPreviewState('error');
      }
    }, 600);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [bodyKey, windowMs]);

  const errs = saveErrors ?? previewErrors;
  const fe = (...f: string[]) => fieldErrors(errs, ...f);

  function switchMode(next: 'form' | 'json') {
    if (next === mode) return;
    setJsonError(null);
    if (next === 'json') setJson(JSON.stringify(formBody(), null, 2));
    else if (body) {
      const b = body as any;
      if (b.metrics?.length) { setJsonError('This alarm uses metric math (metrics): it can be edited as JSON only.'); return; }
      setDescription(b.alarmDescription ?? ''); setNamespace(b.namespace ?? ''); setMetricName(b.metricName ?? ''); setDims(dimsToText(b.dimensions));
      setStatistic(b.statistic ?? 'Average'); setPeriod(String(b.period ?? 60)); setEvaluationPeriods(b.evaluationPeriods != null ? String(b.evaluationPeriods) : '');
      setDatapointsToAlarm(b.datapointsToAlarm != null ? String(b.datapointsToAlarm) : ''); setComparison(b.comparisonOperator ?? 'GreaterThanOrEqualToThreshold');
      setThreshold(b.threshold != null ? String(b.threshold) : ''); setTreatMissing(b.treatMissingData ?? 'missing'); setLowSample(b.evaluateLowSampleCountPercentile ?? '');
      setForecast(!!b.forecast);
      setActions({ alarmActions: b.alarmActions ?? [], okActions: b.okActions ?? [], insufficientDataActions: b.insufficientDataActions ?? [], actionsEnabled: b.actionsEnabled ?? true });
    }
    setMode(next);
  }

  async function save(e: Event) {
    e.preventDefault();
    setSaveError(null);
    setSaveErrors(null);
    if (!name.trim()) { setSaveErrors({ alarmName: ['is required (1 to 255 characters)'] }); return; }
    if (!body) return;
    setBusy(true);
    try {
      await putMetricAlarm(name.trim(), body);
      navigate(`/alarms/${encodeURIComponent(name.trim())}`);
    } catch (err: any) {
      setSaveErrors(err instanceof ApiError ? err.errors ?? null : null);
      setSaveError(err.message);
      setBusy(false);
    }
  }

  const nsList = catalog?.namespaces ?? [];
  const metricList = catalog?.metrics.get(namespace.trim()) ?? [];
  const dimSets = metricList.find(m => m.metricName === metricName.trim())?.dimensionSets ?? [];
  const percentile = /^p\d/i.test(statistic.trim());

  return (
    <div class="edit-grid">
      <form class="form card pad" onSubmit={save} data-testid="alarm-form" noValidate>
        <div class="row wrap">
          <label class="grow">Alarm name
            <input value={name} disabled={!!existing} required maxLength={255} data-testid="alarm-form-name" aria-describedby="err-name"
              onInput={e => setName((e.target as HTMLInputElement).value)} />
          </label>
          <div class="seg" role="radiogroup" aria-label="Edit as">
            <button type="button" role="radio" aria-checked={mode === 'form'} class={mode === 'form' ? 'seg-btn on' : 'seg-btn'} data-testid="alarm-form-mode-form" onClick={() => switchMode('form')}>Form</button>
            <button type="button" role="radio" aria-checked={mode === 'json'} class={mode === 'json' ? 'seg-btn on' : 'seg-btn'} data-testid="alarm-form-mode-json" onClick={() => switchMode('json')}>JSON</button>
          </div>
        </div>
        <FieldError id="err-name" messages={fe('alarmName')} />
        {mode === 'json' ? (
          <>
            <label>PutMetricAlarm body (JSON; metric math, bands and forecasts can be written here)
              <textarea class="code" rows={22} value={json} spellcheck={false} data-testid="alarm-form-json" onInput={e => { setJson((e.target as HTMLTextAreaElement).value); setJsonError(null); }} />
            </label>
            {shownJsonError && <p class="field-error" role="alert" data-testid="alarm-form-json-error">{shownJsonError}</p>}
            {errs && <FieldError messages={Object.entries(errs).map(([k, v]) => `${k}: ${v.join(' ')}`)} />}
          </>
        ) : (
          <>
            <label>Description
              <input value={description} maxLength={1024} data-testid="alarm-form-description" onInput={e => setDescription((e.target as HTMLInputElement).value)} />
            </label>
            <FieldError messages={fe('alarmDescription')} />
            <fieldset>
              <legend>Metric</legend>
              {catalogError && <p class="hint">The metric list cannot be loaded ({catalogError}); type the names.</p>}
              {!catalog && !catalogError && <p class="muted" aria-busy="true">Loading the metric list…</p>}
              <div class="grid2">
                <label>Namespace
                  <input list="alarm-ns" value={namespace} required data-testid="alarm-form-namespace" onInput={e => setNamespace((e.target as HTMLInputElement).value)} />
                  <datalist id="alarm-ns">{nsList.map(n => <option key={n} value={n} />)}</datalist>
                  <FieldError messages={fe('namespace')} />
                </label>
                <label>Metric name
                  <input list="alarm-metric" value={metricName} required data-testid="alarm-form-metric" onInput={e => setMetricName((e.target as HTMLInputElement).value)} />
                  <datalist id="alarm-metric">{metricList.map(m => <option key={m.metricName} value={m.metricName} />)}</datalist>
                  <FieldError messages={fe('metricName')} />
                </label>
              </div>
              <label>Dimensions (Name=Value, comma-separated; empty for none)
                {dimSets.length > 0 ? (
                  <select value={dimSets.some(d => dimsToText(d) === dims) ? dims : '__custom'} data-testid="alarm-form-dimset"
                    onChange={e => { const v = (e.target as HTMLSelectElement).value; if (v !== '__custom') setDims(v); }}>
                    {dimSets.map(d => <option key={dimsToText(d)} value={dimsToText(d)}>{dimsText(d)}</option>)}
                    <option value="__custom">Other (type below)</option>
                  </select>
                ) : null}
                <input value={dims} data-testid="alarm-form-dimensions" aria-label="Dimensions as text" placeholder="Shop=Central" onInput={e => setDims((e.target as HTMLInputElement).value)} />
                <FieldError messages={fe('dimensions')} />
              </label>
              <div class="grid2">
                <label>Statistic
                  <input list="alarm-stats" value={statistic} data-testid="alarm-form-statistic" onInput={e => setStatistic((e.target as HTMLInputElement).value)} />
                  <datalist id="alarm-stats">{STATS.map(s => <option key={s} value={s} />)}</datalist>
                  <FieldError messages={fe('statistic', 'extendedStatistic')} />
                </label>
                <label>Period
                  <select value={period} data-testid="alarm-form-period" onChange={e => setPeriod((e.target as HTMLSelectElement).value)}>
                    {ALARM_PERIODS.map(p => <option key={p.value} value={p.value}>{p.label}</option>)}
                    {!ALARM_PERIODS.some(p => String(p.value) === period) && <option value={period}>{period} s</option>}
                  </select>
                  <FieldError messages={fe('period')} />
                </label>
              </div>
              {percentile && (
                <label>Few samples in a period (percentiles)
                  <select value={lowSample} data-testid="alarm-form-lowsample" onChange={e => setLowSample((e.target as HTMLSelectElement).value)}>
                    <option value="">evaluate (default)</option>
                    <option value="evaluate">evaluate</option>
                    <option value="ignore">ignore (keep the state while samples are too few)</option>
                  </select>
                  <FieldError messages={fe('evaluateLowSampleCountPercentile')} />
                </label>
              )}
            </fieldset>
            <fieldset>
              <legend>Condition</legend>
              <div class="grid2">
                <label>Comparison
                  <select value={comparison} data-testid="alarm-form-comparison" onChange={e => setComparison((e.target as HTMLSelectElement).value)}>
                    {COMPARISONS.map(c => <option key={c.value} value={c.value}>{c.label}</option>)}
                  </select>
                  <FieldError messages={fe('comparisonOperator')} />
                </label>
                <label>Threshold
                  <input type="number" step="any" value={threshold} required data-testid="alarm-form-threshold" onInput={e => setThreshold((e.target as HTMLInputElement).value)} />
                  <FieldError messages={fe('threshold')} />
                </label>
                <label>Evaluation periods (N)
                  <input type="number" min={1} step={1} value={evaluationPeriods} required data-testid="alarm-form-evaluation-periods" onInput={e => setEvaluationPeriods((e.target as HTMLInputElement).value)} />
                  <FieldError messages={fe('evaluationPeriods')} />
                </label>
                <label>Datapoints to alarm (M of N; empty = N)
                  <input type="number" min={1} step={1} value={datapointsToAlarm} data-testid="alarm-form-datapoints" onInput={e => setDatapointsToAlarm((e.target as HTMLInputElement).value)} />
                  <FieldError messages={fe('datapointsToAlarm')} />
                </label>
              </div>
              <label>Missing data
                <select value={treatMissing} data-testid="alarm-form-missing" onChange={e => setTreatMissing((e.target as HTMLSelectElement).value)}>
                  {TREAT_MISSING.map(t => <option key={t.value} value={t.value}>{t.label}</option>)}
                </select>
                <FieldError messages={fe('treatMissingData')} />
              </label>
              <label class="check"><input type="checkbox" checked={forecast} data-testid="alarm-form-forecast" onChange={e => setForecast((e.target as HTMLInputElement).checked)} /> Forecast: alarm when the trend will cross the threshold soon</label>
              {forecast && (
                <div class="grid2">
                  <label>Look ahead (minutes)<input type="number" min={1} value={horizon} data-testid="alarm-form-horizon" onInput={e => setHorizon((e.target as HTMLInputElement).value)} /><FieldError messages={fe('forecast.horizonSeconds')} /></label>
                  <label>Fit the trend on (minutes)<input type="number" min={1} value={fitWindow} data-testid="alarm-form-window" onInput={e => setFitWindow((e.target as HTMLInputElement).value)} /><FieldError messages={fe('forecast.windowSeconds')} /></label>
                </div>
              )}
            </fieldset>
            <ActionsFields value={actions} onChange={setActions} topics={topics} topicsError={topicsError} errors={errs} />
          </>
        )}
        {saveError && <ErrorBox error={saveError} />}
        <div class="row end">
          <a class="btn" href={existing ? `/alarms/${encodeURIComponent(existing.alarmName)}` : '/alarms'}>Cancel</a>
          <button type="submit" class="btn primary" disabled={busy || (mode === 'json' && !body)} data-testid="alarm-form-save">{busy ? 'Saving…' : existing ? 'Save changes' : 'Create alarm'}</button>
        </div>
      </form>
      <section class="card pad preview" aria-label="Preview" data-testid="alarm-preview" data-state={previewState}>
        <div class="row wrap section-head">
          <h2 class="section-title">Preview</h2>
          <label class="inline">Over
            <select value={windowMs} data-testid="alarm-preview-window" onChange={e => setWindowMs(Number((e.target as HTMLSelectElement).value))}>
              {PREVIEW_WINDOWS.map(w => <option key={w.ms} value={w.ms}>{w.label}</option>)}
            </select>
          </label>
        </div>
        <p class="muted small">What this alarm would have seen and done over stored data (nothing is saved).</p>
        {previewState === 'idle' && <div class="state empty">Pick a namespace, metric, statistic and period to see a preview.</div>}
        {previewState === 'loading' && !preview && <Loading what="Previewing" />}
        {previewState === 'error' && <div class="state error" role="alert" data-testid="alarm-preview-error"><span>{previewError}</span></div>}
        {preview && previewState !== 'error' && <PreviewView preview={preview} busy={previewState === 'loading'} />}
      </section>
    </div>
  );
}

/** The PutMetricAlarm body of an existing alarm (its state and timestamps left out). */
function bodyOfAlarm(a: MetricAlarm): Record<string, unknown> {
  const { alarmName: _n, stateValue: _s, stateReason: _r, stateReasonData: _d, stateUpdatedTimestamp: _t, alarmConfigurationUpdatedTimestamp: _c, ...rest } = a as any;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== null && v !== undefined && k !== 'kind') out[k] = v;
  return out;
}

function CompositeForm({ existing }: { existing: CompositeAlarm | null }) {
  const [name, setName] = useState(existing?.alarmName ?? '');
  const [rule, setRule] = useState(existing?.alarmRule ?? '');
  const [description, setDescription] = useState(existing?.alarmDescription ?? '');
  const [actions, setActions] = useState<ActionsValue>({
    alarmActions: existing?.alarmActions ?? [], okActions: existing?.okActions ?? [], insufficientDataActions: existing?.insufficientDataActions ?? [], actionsEnabled: existing?.actionsEnabled ?? true,
  });
  const { topics, error: topicsError } = useTopics();
  const [errors, setErrors] = useState<Record<string, string[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ruleRef = useRef<HTMLTextAreaElement>(null);

  const ruleErrors = fieldErrors(errors, 'alarmRule');
  const pos = ruleErrors.map(m => /position (\d+)/.exec(m)).find(Boolean);
  const at = pos ? Number(pos[1]) : null;

  async function save(e: Event) {
    e.preventDefault();
    setErrors(null);
    setError(null);
    if (!name.trim()) { setErrors({ alarmName: ['is required (1 to 255 characters)'] }); return; }
    setBusy(true);
    try {
      await putCompositeAlarm(name.trim(), { alarmRule: rule, alarmDescription: description || undefined, ...actions });
      navigate(`/alarms/${encodeURIComponent(name.trim())}`);
    } catch (err: any) {
      setErrors(err instanceof ApiError ? err.errors ?? null : null);
      setError(err.message);
      setBusy(false);
    }
  }

  function showPosition() {
    const t = ruleRef.current;
    if (!t || at === null) return;
    t.focus();
    t.setSelectionRange(at, Math.min(rule.length, at + 1));
  }

  return (
    <form class="form card pad narrow-form" onSubmit={save} data-testid="composite-form" noValidate>
      <label>Alarm name
        <input value={name} disabled={!!existing} required maxLength={255} data-testid="composite-form-name" onInput={e => setName((e.target as HTMLInputElement).value)} />
      </label>
      <FieldError messages={fieldErrors(errors, 'alarmName')} />
      <label>Description
        <input value={description} maxLength={1024} data-testid="composite-form-description" onInput={e => setDescription((e.target as HTMLInputElement).value)} />
      </label>
      <FieldError messages={fieldErrors(errors, 'alarmDescription')} />
      <label>Rule
        <textarea ref={ruleRef} class="code" rows={4} value={rule} spellcheck={false} required data-testid="composite-form-rule" aria-describedby="rule-help rule-error"
          placeholder={'ALARM("wait-Central") AND NOT OK("milk-low-Central")'} onInput={e => setRule((e.target as HTMLTextAreaElement).value)} />
      </label>
      <small id="rule-help" class="muted">ALARM("name"), OK("name"), INSUFFICIENT_DATA("name"), AND, OR, NOT, parentheses, TRUE, FALSE.</small>
      {ruleErrors.length > 0 && (
        <div id="rule-error" data-testid="composite-rule-error">
          <FieldError messages={ruleErrors} />
          {at !== null && (
            <>
              <pre class="rule-mark" aria-hidden="true">{rule}{'\n'}{' '.repeat(Math.min(at, rule.length))}^</pre>
              <button type="button" class="link" onClick={showPosition}>Select position {at} in the rule</button>
            </>
          )}
        </div>
      )}
      <ActionsFields value={actions} onChange={setActions} topics={topics} topicsError={topicsError} errors={errors} />
      {error && !ruleErrors.length && <ErrorBox error={error} />}
      <div class="row end">
        <a class="btn" href={existing ? `/alarms/${encodeURIComponent(existing.alarmName)}` : '/alarms'}>Cancel</a>
        <button type="submit" class="btn primary" disabled={busy} data-testid="composite-form-save">{busy ? 'Saving…' : existing ? 'Save changes' : 'Create composite alarm'}</button>
      </div>
    </form>
  );
}
