// API keys: your own or everyone's; create (the secret is shown once), disable or enable, rotate, delete.
import { useEffect, useState } from 'preact/hooks';
import { useSubmit, Confirm, Empty, ErrorBox, FieldError, fieldErrors, Loading, Modal, SecretDialog } from '../../components/common';
import { createKey, deleteKey, listKeys, listRoles, rotateKey, updateKey, type ApiKey, type CreatedKey, type Role } from '../../peopleApi';
import { formatTime, fromInputValue, timeRange } from '../../time';
import { useStore } from '../../store';
import { session } from '../../session';

type Dialog =
  | { kind: 'create' }
  | { kind: 'secret'; created: CreatedKey; rotated?: boolean }
  | { kind: 'delete' | 'rotate' | 'disable' | 'enable'; key: ApiKey };

export function KeysTab() {
  const range = useStore(timeRange);
  const me = useStore(session);
  const [whose, setWhose] = useState<'mine' | 'all'>('mine');
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  useEffect(() => {
    setKeys(null);
    listKeys(whose === 'all' ? { all: true } : {})
      .then(k => { setKeys(k.sort((a, b) => a.userName.localeCompare(b.userName) || b.createdAt.localeCompare(a.createdAt))); setError(null); })
      .catch(e => setError(e.status === 403 ? `You may not list everyone's keys (${e.message}).` : e.message));
  }, [whose, bump]);

  const done = () => { setDialog(null); setBump(b => b + 1); };
  const t = (s?: string | null) => (s ? formatTime(Date.parse(s), range.timezone) : '–');
  return (
    <section aria-label="API keys">
      <div class="row wrap section-head">
        <div class="seg" role="radiogroup" aria-label="Whose keys">
          <button type="button" role="radio" aria-checked={whose === 'mine'} class={whose === 'mine' ? 'seg-btn on' : 'seg-btn'} data-testid="keys-mine" onClick={() => setWhose('mine')}>My keys</button>
          <button type="button" role="radio" aria-checked={whose === 'all'} class={whose === 'all' ? 'seg-btn on' : 'seg-btn'} data-testid="keys-all" onClick={() => setWhose('all')}>Everyone’s keys</button>
        </div>
        <div class="spacer" />
        <button type="button" class="btn primary" data-testid="key-create" onClick={() => setDialog({ kind: 'create' })}>Create API key</button>
      </div>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!keys && !error && <Loading what="Loading the keys" />}
      {keys && keys.length === 0 && <Empty>{whose === 'mine' ? `${me?.userName ?? 'You'} has no API keys. Create one for scripts, the CLI or remote write.` : 'Nobody has an API key.'}</Empty>}
      {keys && keys.length > 0 && (
        <table class="table" data-testid="keys-table">
          <thead><tr><th scope="col">Access key id</th>{whose === 'all' && <th scope="col">User</th>}<th scope="col">Description</th><th scope="col">Status</th><th scope="col" class="hide-narrow">Last used</th><th scope="col" class="hide-narrow">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {keys.map(k => (
              <tr key={k.accessKeyId} data-key={k.accessKeyId}>
                <td><code>{k.accessKeyId}</code>{k.role && <span class="tag" title="The key is narrowed to this role">{k.role}</span>}</td>
                {whose === 'all' && <td>{k.userName}</td>}
                <td>{k.description || <span class="muted">–</span>}{k.rotatedFrom && <div class="muted small">rotated from {k.rotatedFrom}</div>}</td>
                <td><span class={k.status === 'Active' ? 'tag ok-tag' : 'tag status-ended'} data-testid="key-status">{k.status.toLowerCase()}</span></td>
                <td class="nowrap hide-narrow">{t(k.lastUsedAt)}{k.lastUsedFrom && <div class="muted small">from {k.lastUsedFrom}</div>}</td>
                <td class="nowrap hide-narrow">{k.expiresAt ? t(k.expiresAt) : 'never'}</td>
                <td class="actions">
                  <button type="button" class="btn small" aria-label={`${k.status === 'Active' ? 'Disable' : 'Enable'} ${k.accessKeyId}`} data-testid="key-toggle"
                    onClick={() => setDialog({ kind: k.status === 'Active' ? 'disable' : 'enable', key: k })}>{k.status === 'Active' ? 'Disable' : 'Enable'}</button>
                  <button type="button" class="btn small" aria-label={`Rotate ${k.accessKeyId}`} data-testid="key-rotate" onClick={() => setDialog({ kind: 'rotate', key: k })}>Rotate</button>
                  <button type="button" class="btn small danger" aria-label={`Delete ${k.accessKeyId}`} data-testid="key-delete" onClick={() => setDialog({ kind: 'delete', key: k })}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && <CreateKeyDialog onClose={() => setDialog(null)} onDone={created => { setBump(b => b + 1); setDialog({ kind: 'secret', created }); }} />}
      {dialog?.kind === 'secret' && (
        <SecretDialog title={dialog.rotated ? 'The rotated key' : 'Your new API key'} onClose={done} testid="key-secret-dialog"
          secrets={[{ label: 'Access key id', value: dialog.created.key.accessKeyId }, { label: 'Secret', value: dialog.created.secretAccessKey }]}
          note={<p class="muted">Use them as <code>{'<id>:<secret>'}</code> in HTTP Basic authentication (<code>curl -u id:secret</code>).{dialog.rotated ? ' The old key is now disabled; delete it once nothing uses it.' : ''}</p>} />
      )}
      {dialog?.kind === 'rotate' && (
        <Confirm title="Rotate key" confirmLabel="Rotate" danger={false} onClose={() => setDialog(null)}
          onConfirm={async () => { const created = await rotateKey(dialog.key.accessKeyId); setBump(b => b + 1); setDialog({ kind: 'secret', created, rotated: true }); }}>
          <p>Make a new key that replaces <code>{dialog.key.accessKeyId}</code> (same user, description and role)? The old key is disabled at once; the new secret is shown once.</p>
        </Confirm>
      )}
      {(dialog?.kind === 'disable' || dialog?.kind === 'enable') && (
        <Confirm title={dialog.kind === 'disable' ? 'Disable key' : 'Enable key'} confirmLabel={dialog.kind === 'disable' ? 'Disable' : 'Enable'} danger={dialog.kind === 'disable'}
          onClose={() => setDialog(null)} onConfirm={async () => { await updateKey(dialog.key.accessKeyId, { status: dialog.kind === 'disable' ? 'Inactive' : 'Active' }); done(); }}>
          <p>{dialog.kind === 'disable' ? 'Refuse every call made with' : 'Accept calls made with'} <code>{dialog.key.accessKeyId}</code>{dialog.kind === 'disable' ? ' until it is enabled again' : ' again'}?</p>
        </Confirm>
      )}
      {dialog?.kind === 'delete' && (
        <Confirm title="Delete key" onClose={() => setDialog(null)} onConfirm={async () => { await deleteKey(dialog.key.accessKeyId); done(); }}>
          <p>Delete <code>{dialog.key.accessKeyId}</code> of {dialog.key.userName}? Scripts that use it stop working. This cannot be undone.</p>
        </Confirm>
      )}
    </section>
  );
}

function CreateKeyDialog({ onClose, onDone }: { onClose: () => void; onDone: (k: CreatedKey) => void }) {
  const range = useStore(timeRange);
  const me = useStore(session);
  const [userName, setUserName] = useState('');
  const [description, setDescription] = useState('');
  const [role, setRole] = useState('');
  const [expires, setExpires] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => { listRoles().then(setRoles).catch(() => setRoles([])); }, []);

  const { busy, errors, error, submit } = useSubmit(async () => {
    const created = await createKey({
      userName: userName.trim() || undefined,
      description: description.trim() || undefined,
      role: role || undefined,
      expiresAt: expires ? new Date(fromInputValue(expires, range.timezone)).toISOString() : undefined,
    });
    onDone(created);
  });
  return (
    <Modal title="Create API key" onClose={onClose} testid="key-dialog">
      <form class="form" onSubmit={submit} noValidate>
        <label>Description<input value={description} placeholder="e.g. Prometheus remote write at Central" data-testid="key-description" onInput={e => setDescription((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fieldErrors(errors, 'description')} />
        <label>For user (empty: {me?.userName ?? 'yourself'})<input value={userName} autocomplete="off" data-testid="key-user" onInput={e => setUserName((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fieldErrors(errors, 'userName')} />
        <label>Narrow to a role (optional)
          <select value={role} data-testid="key-role" onChange={e => setRole((e.target as HTMLSelectElement).value)}>
            <option value="">No: everything the user may do</option>
            {roles.map(r => <option key={r.name} value={r.name}>{r.name} — {r.description}</option>)}
          </select>
        </label>
        <FieldError messages={fieldErrors(errors, 'role')} />
        <label>Expires (optional)<input type="datetime-local" value={expires} data-testid="key-expires" onInput={e => setExpires((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fieldErrors(errors, 'expiresAt')} />
        {!errors && <ErrorBox error={error} />}
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="key-submit">Create</button>
        </div>
      </form>
    </Modal>
  );
}
