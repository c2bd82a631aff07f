// Topics and their subscriptions: create and delete topics, subscribe (a webhook's signing secret is shown
// once), unsubscribe, the latest deliveries and a test message.
import { useEffect, useState } from 'preact/hooks';
import { useSubmit, Confirm, Empty, ErrorBox, FieldError, fieldErrors, Loading, Modal, SecretDialog, Tabs } from '../../components/common';
import {
  createTopic, deleteTopic, listDeliveries, listSubscriptions, listTopics, publishTest, subscribe, unsubscribe,
  type Delivery, type Subscription, type Topic,
} from '../../alarmsApi';
import { formatTime, timeRange } from '../../time';
import { useStore } from '../../store';
import { ALARM_TABS } from '../AlarmsPage';

type Dialog =
  | { kind: 'create' }
  | { kind: 'delete'; name: string }
  | { kind: 'subscribe'; topic: string }
  | { kind: 'unsubscribe'; topic: string; sub: Subscription }
  | { kind: 'secret'; secret: string; endpoint: string }
  | { kind: 'publish'; topic: string };

export function TopicsPage() {
  const [topics, setTopics] = useState<Topic[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [open, setOpen] = useState<string | null>(() => new URLSearchParams(location.search).get('topic'));
  const [dialog, setDialog] = useState<Dialog | null>(null);

  useEffect(() => {
    listTopics().then(t => { setTopics(t.sort((a, b) => a.name.localeCompare(b.name))); setError(null); }).catch(e => setError(e.message));
  }, [bump]);

  const reload = () => { setDialog(null); setBump(b => b + 1); };
  return (
    <div class="page">
      <div class="page-head">
        <h1>Topics</h1>
        <div class="toolbar"><button type="button" class="btn primary" data-testid="topic-create" onClick={() => setDialog({ kind: 'create' })}>Create topic</button></div>
      </div>
      <Tabs tabs={ALARM_TABS} active="topics" label="Alarm pages" />
      <p class="muted">Alarms notify topics; each subscription of a topic gets the message (webhook, Slack, e-mail or the server log).</p>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!topics && !error && <Loading what="Loading the topics" />}
      {topics && topics.length === 0 && <Empty>No topics yet. Create one, subscribe a webhook or an e-mail address, and name it in an alarm’s actions.</Empty>}
      {topics && topics.length > 0 && (
        <ul class="topic-list" data-testid="topics-list">
          {topics.map(t => (
            <li key={t.name} class="card topic" data-topic={t.name}>
              <div class="topic-head">
                <button type="button" class="link topic-toggle" aria-expanded={open === t.name} aria-controls={`topic-${t.name}`} data-testid="topic-toggle"
                  onClick={() => setOpen(o => (o === t.name ? null : t.name))}>
                  <span aria-hidden="true">{open === t.name ? '▾' : '▸'}</span> <strong>{t.name}</strong>
                </button>
                {t.displayName && <span class="muted">{t.displayName}</span>}
                <span class="muted">{t.subscriptions} subscription{t.subscriptions === 1 ? '' : 's'}</span>
                <div class="spacer" />
                <button type="button" class="btn small" aria-label={`Subscribe to ${t.name}`} data-testid="topic-subscribe" onClick={() => setDialog({ kind: 'subscribe', topic: t.name })}>Subscribe</button>
                <button type="button" class="btn small" aria-label={`Send a test message to ${t.name}`} data-testid="topic-publish" onClick={() => setDialog({ kind: 'publish', topic: t.name })}>Test</button>
                <button type="button" class="btn small danger" aria-label={`Delete ${t.name}`} data-testid="topic-delete" onClick={() => setDialog({ kind: 'delete', name: t.name })}>Delete</button>
              </div>
              {open === t.name && <TopicBody id={`topic-${t.name}`} topic={t.name} bump={bump} onUnsubscribe={sub => setDialog({ kind: 'unsubscribe', topic: t.name, sub })} />}
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === 'create' && <CreateTopicDialog onClose={() => setDialog(null)} onDone={reload} />}
      {dialog?.kind === 'delete' && (
        <Confirm title="Delete topic" onClose={() => setDialog(null)} onConfirm={async () => { await deleteTopic(dialog.name); reload(); }}>
          <p>Delete the topic <strong>{dialog.name}</strong> and its subscriptions? Alarms that name it will note a failed action.</p>
        </Confirm>
      )}
      {dialog?.kind === 'subscribe' && (
        <SubscribeDialog topic={dialog.topic} onClose={() => setDialog(null)}
          onDone={(secret, endpoint) => { setOpen(dialog.topic); setBump(b => b + 1); setDialog(secret ? { kind: 'secret', secret, endpoint } : null); }} />
      )}
      {dialog?.kind === 'unsubscribe' && (
        <Confirm title="Unsubscribe" confirmLabel="Unsubscribe" onClose={() => setDialog(null)} onConfirm={async () => { await unsubscribe(dialog.topic, dialog.sub.id); reload(); }}>
          <p>Stop sending <strong>{dialog.topic}</strong> messages to {dialog.sub.protocol} {dialog.sub.endpoint}?</p>
        </Confirm>
      )}
      {dialog?.kind === 'secret' && (
        <SecretDialog title="Webhook signing secret" secrets={[{ label: 'Secret', value: dialog.secret }]} onClose={() => setDialog(null)}
          note={<p class="muted">Each request to {dialog.endpoint} is signed with this secret; the receiver checks the signature with it.</p>} />
      )}
      {dialog?.kind === 'publish' && <PublishDialog topic={dialog.topic} onClose={() => setDialog(null)} onDone={reload} />}
    </div>
  );
}

function TopicBody({ id, topic, bump, onUnsubscribe }: { id: string; topic: string; bump: number; onUnsubscribe: (s: Subscription) => void }) {
  const range = useStore(timeRange);
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([listSubscriptions(topic), listDeliveries(topic, 10).catch(() => [] as Delivery[])])
      .then(([s, d]) => { setSubs(s); setDeliveries(d); setError(null); })
      .catch(e => setError(e.message));
  }, [topic, bump]);
  return (
    <div id={id} class="topic-body">
      <ErrorBox error={error} />
      {!subs && !error && <Loading what="Loading the subscriptions" />}
      {subs && subs.length === 0 && <p class="muted">No subscriptions: messages to this topic go nowhere.</p>}
      {subs && subs.length > 0 && (
        <table class="table" data-testid="subscriptions-table">
          <caption class="sr-only">Subscriptions of {topic}</caption>
          <thead><tr><th scope="col">Protocol</th><th scope="col">Endpoint</th><th scope="col" class="hide-narrow">Signed</th><th scope="col" class="hide-narrow">Since</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {subs.map(s => (
              <tr key={s.id} data-subscription={s.id}>
                <td>{s.protocol}</td>
                <td class="break">{s.endpoint || <span class="muted">(none)</span>}</td>
                <td class="hide-narrow">{s.hasSigningSecret ? 'yes' : 'no'}</td>
                <td class="nowrap hide-narrow">{formatTime(Date.parse(s.createdAt), range.timezone)}</td>
                <td class="actions"><button type="button" class="btn small danger" aria-label={`Unsubscribe ${s.protocol} ${s.endpoint}`} data-testid="subscription-delete" onClick={() => onUnsubscribe(s)}>Unsubscribe</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deliveries && deliveries.length > 0 && (
        <details class="deliveries">
          <summary>Latest deliveries ({deliveries.length})</summary>
          <table class="table" data-testid="deliveries-table">
            <thead><tr><th scope="col">Time</th><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Status</th></tr></thead>
            <tbody>
              {deliveries.map(d => (
                <tr key={d.id}>
                  <td class="nowrap">{formatTime(Date.parse(d.updatedAt), range.timezone, true)}</td>
                  <td>{d.subject}</td>
                  <td class="break">{d.protocol} {d.endpoint}</td>
                  <td><span class={d.status === 'Failed' ? 'text-danger' : undefined}>{d.status}</span>{d.attempts > 1 && ` after ${d.attempts} attempts`}{d.lastError && <div class="muted small">{d.lastError}</div>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}

function CreateTopicDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState('');
  const [display, setDisplay] = useState('');
  const { busy, errors, error, submit } = useSubmit(async () => {
    await createTopic(name.trim(), display.trim());
    onDone();
  });
  return (
    <Modal title="Create topic" onClose={onClose} testid="topic-dialog">
      <form class="form" onSubmit={submit} noValidate>
        <label>Name (1–256 letters, digits, - or _)<input value={name} required data-testid="topic-name" onInput={e => setName((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fieldErrors(errors, 'name')} />
        <label>Display name (optional)<input value={display} maxLength={100} data-testid="topic-display-name" onInput={e => setDisplay((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fieldErrors(errors, 'displayName')} />
        {!errors && <ErrorBox error={error} />}
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="topic-submit">Create</button>
        </div>
      </form>
    </Modal>
  );
}

function SubscribeDialog({ topic, onClose, onDone }: { topic: string; onClose: () => void; onDone: (secret: string | null, endpoint: string) => void }) {
  const [protocol, setProtocol] = useState('webhook');
  const [endpoint, setEndpoint] = useState('');
  const { busy, errors, error, submit } = useSubmit(async () => {
    const r = await subscribe(topic, protocol, endpoint.trim());
    onDone(r.signingSecret ?? null, r.subscription.endpoint);
  });
  const hint: Record<string, string> = {
    webhook: 'An http(s) URL; each request is signed (the secret is shown once, next).',
    slack: 'A Slack incoming-webhook URL.',
    email: 'An e-mail address (the server needs SMTP settings).',
    log: 'An optional label; messages go to the server log.',
  };
  return (
    <Modal title={`Subscribe to ${topic}`} onClose={onClose} testid="subscribe-dialog">
      <form class="form" onSubmit={submit} noValidate>
        <label>Protocol
          <select value={protocol} data-testid="subscribe-protocol" onChange={e => setProtocol((e.target as HTMLSelectElement).value)}>
            <option value="webhook">Webhook</option><option value="slack">Slack</option><option value="email">E-mail</option><option value="log">Server log</option>
          </select>
        </label>
        <FieldError messages={fieldErrors(errors, 'protocol')} />
        <label>Endpoint<input value={endpoint} required={protocol !== 'log'} aria-describedby="endpoint-hint" data-testid="subscribe-endpoint"
          type="text" inputMode={protocol === 'email' ? 'email' : protocol === 'log' ? 'text' : 'url'} autocomplete="off" onInput={e => setEndpoint((e.target as HTMLInputElement).value)} /></label>
        <small id="endpoint-hint" class="muted">{hint[protocol]}</small>
        <FieldError messages={fieldErrors(errors, 'endpoint')} />
        {!errors && <ErrorBox error={error} />}
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="subscribe-submit">Subscribe</button>
        </div>
      </form>
    </Modal>
  );
}

function PublishDialog({ topic, onClose, onDone }: { topic: string; onClose: () => void; onDone: () => void }) {
  const [subject, setSubject] = useState('Test from the Crema console');
  const [text, setText] = useState('If you can read this, the subscription works.');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const r = await publishTest(topic, subject, text);
      setSent(r.deliveryIds.length);
    } catch (err: any) {
      setError(err.message);
    }
  }
  return (
    <Modal title={`Send a test message to ${topic}`} onClose={sent !== null ? onDone : onClose} testid="publish-dialog">
      {sent !== null ? (
        <div class="form">
          <p role="status">Queued {sent} deliver{sent === 1 ? 'y' : 'ies'}. Open the topic to see how they went.</p>
          <div class="row end"><button type="button" class="btn primary" onClick={onDone}>Close</button></div>
        </div>
      ) : (
        <form class="form" onSubmit={submit}>
          <label>Subject<input value={subject} maxLength={100} required data-testid="publish-subject" onInput={e => setSubject((e.target as HTMLInputElement).value)} /></label>
          <label>Text<textarea rows={3} value={text} required data-testid="publish-text" onInput={e => setText((e.target as HTMLTextAreaElement).value)} /></label>
          <ErrorBox error={error} />
          <div class="row end">
            <button type="button" class="btn" onClick={onClose}>Cancel</button>
            <button type="submit" class="btn primary" data-testid="publish-submit">Send</button>
          </div>
        </form>
      )}
    </Modal>
  );
}
