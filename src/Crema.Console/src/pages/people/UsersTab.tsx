// Users: list, create with roles, change roles, disable or enable, reset MFA, delete.
import { useEffect, useState } from 'preact/hooks';
import { useSubmit, Confirm, Empty, ErrorBox, FieldError, fieldErrors, Loading, Modal } from '../../components/common';
import { createUser, deleteUser, listRoles, listUsers, resetUserMfa, updateUser, type Role, type User } from '../../peopleApi';
import { formatTime, timeRange } from '../../time';
import { useStore } from '../../store';
import { session } from '../../session';

type Dialog =
  | { kind: 'create' }
  | { kind: 'roles'; user: User }
  | { kind: 'delete' | 'disable' | 'enable' | 'reset-mfa'; user: User };

export function UsersTab() {
  const range = useStore(timeRange);
  const me = useStore(session);
  const [users, setUsers] = useState<User[] | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    listUsers().then(u => { setUsers(u.sort((a, b) => a.userName.localeCompare(b.userName))); setError(null); }).catch(e => setError(e.message));
    listRoles().then(setRoles).catch(() => setRoles([]));
  }, [bump]);

  const done = () => { setDialog(null); setBump(b => b + 1); };
  const t = (s?: string | null) => (s ? formatTime(Date.parse(s), range.timezone) : '–');
  const shown = users?.filter(u => !filter || u.userName.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section aria-label="Users">
      <div class="row wrap section-head">
        <label class="search">
          <span class="sr-only">Filter users</span>
          <input type="search" placeholder="Filter users" value={filter} data-testid="users-filter" onInput={e => setFilter((e.target as HTMLInputElement).value)} />
        </label>
        <div class="spacer" />
        <button type="button" class="btn primary" data-testid="user-create" onClick={() => setDialog({ kind: 'create' })}>Create user</button>
      </div>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!users && !error && <Loading what="Loading the users" />}
      {users && users.length === 0 && <Empty>No users yet.</Empty>}
      {shown && shown.length > 0 && (
        <table class="table" data-testid="users-table">
          <thead><tr><th scope="col">User</th><th scope="col">Roles</th><th scope="col">Status</th><th scope="col" class="hide-narrow">Last sign-in</th><th scope="col" class="num hide-narrow">Keys</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {shown.map(u => (
              <tr key={u.userName} data-user={u.userName}>
                <td><strong>{u.userName}</strong>{u.isRoot && <span class="tag">root</span>}{u.userName === me?.userName && <span class="tag">you</span>}</td>
                <td>{u.roles.length ? u.roles.join(', ') : <span class="muted">none</span>}</td>
                <td>
                  {u.disabled ? <span class="tag status-ended">disabled</span> : <span class="tag ok-tag">active</span>}
                  {u.mfaEnabled && <span class="tag" title="Multi-factor authentication is on">MFA</span>}
                  {u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() && <span class="tag status-ended" title={`Locked until ${t(u.lockedUntil)}`}>locked</span>}
                </td>
                <td class="nowrap hide-narrow">{t(u.lastSignInAt)}</td>
                <td class="num hide-narrow">{u.apiKeys}</td>
                <td class="actions">
                  {!u.isRoot && (
                    <>
                      <button type="button" class="btn small" aria-label={`Change the roles of ${u.userName}`} data-testid="user-roles" onClick={() => setDialog({ kind: 'roles', user: u })}>Roles</button>
                      <button type="button" class="btn small" aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.userName}`} data-testid="user-toggle"
                        onClick={() => setDialog({ kind: u.disabled ? 'enable' : 'disable', user: u })}>{u.disabled ? 'Enable' : 'Disable'}</button>
                      {u.mfaEnabled && <button type="button" class="btn small" aria-label={`Reset the MFA of ${u.userName}`} onClick={() => setDialog({ kind: 'reset-mfa', user: u })}>Reset MFA</button>}
                      <button type="button" class="btn small danger" aria-label={`Delete ${u.userName}`} data-testid="user-delete" onClick={() => setDialog({ kind: 'delete', user: u })}>Delete</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && <CreateUserDialog roles={roles} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'roles' && <RolesDialog user={dialog.user} roles={roles} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'delete' && (
        <Confirm title="Delete user" onClose={() => setDialog(null)} onConfirm={async () => { await deleteUser(dialog.user.userName); done(); }}>
          <p>Delete <strong>{dialog.user.userName}</strong>? Their sessions end and their {dialog.user.apiKeys} API key{dialog.user.apiKeys === 1 ? '' : 's'} stop working. The audit trail keeps what they did.</p>
        </Confirm>
      )}
      {(dialog?.kind === 'disable' || dialog?.kind === 'enable') && (
        <Confirm title={dialog.kind === 'disable' ? 'Disable user' : 'Enable user'} confirmLabel={dialog.kind === 'disable' ? 'Disable' : 'Enable'} danger={dialog.kind === 'disable'}
          onClose={() => setDialog(null)} onConfirm={async () => { await updateUser(dialog.user.userName, { disabled: dialog.kind === 'disable' }); done(); }}>
          <p>{dialog.kind === 'disable'
            ? <>Disable <strong>{dialog.user.userName}</strong>? They cannot sign in and their API keys are refused until enabled again.</>
            : <>Enable <strong>{dialog.user.userName}</strong> again?</>}</p>
        </Confirm>
      )}
      {dialog?.kind === 'reset-mfa' && (
        <Confirm title="Reset MFA" confirmLabel="Reset MFA" onClose={() => setDialog(null)} onConfirm={async () => { await resetUserMfa(dialog.user.userName); done(); }}>
          <p>Turn off multi-factor authentication for <strong>{dialog.user.userName}</strong> (for a lost phone)? They sign in with the password alone until they enrol again.</p>
        </Confirm>
      )}
    </section>
  );
}

function RoleChecks({ roles, value, onChange }: { roles: Role[]; value: string[]; onChange: (v: string[]) => void }) {
  if (!roles.length) return <p class="muted">The roles cannot be listed.</p>;
  return (
    <fieldset>
      <legend>Roles</legend>
      {roles.map(r => (
        <label class="check" key={r.name}>
          <input type="checkbox" checked={value.includes(r.name)} data-testid={`role-check-${r.name}`}
            onChange={e => onChange((e.target as HTMLInputElement).checked ? [...value, r.name] : value.filter(x => x !== r.name))} />
          <span><strong>{r.name}</strong> <span class="muted">{r.description}</span></span>
        </label>
      ))}
    </fieldset>
  );
}

function CreateUserDialog({ roles, onClose, onDone }: { roles: Role[]; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [picked, setPicked] = useState<string[]>(['viewer'].filter(r => roles.some(x => x.name === r)));
  const { busy, errors, error, submit } = useSubmit(async () => {
    await createUser(name.trim(), password, picked);
    onDone();
  });
  return (
    <Modal title="Create user" onClose={onClose} testid="user-dialog">
      <form class="form" onSubmit={submit} noValidate>
        <label>User name<input value={name} required autocomplete="off" data-testid="user-name" onInput={e => setName((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fieldErrors(errors, 'userName')} />
        <label>Password (leave empty for an API-key-only user)<input type="password" value={password} autocomplete="new-password" data-testid="user-password" onInput={e => setPassword((e.target as HTMLInputElement).value)} /></label>
        <FieldError messages={fieldErrors(errors, 'password')} />
        <RoleChecks roles={roles} value={picked} onChange={setPicked} />
        <FieldError messages={fieldErrors(errors, 'roles')} />
        {!errors && <ErrorBox error={error} />}
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="user-submit">Create</button>
        </div>
      </form>
    </Modal>
  );
}

function RolesDialog({ user, roles, onClose, onDone }: { user: User; roles: Role[]; onClose: () => void; onDone: () => void }) {
  const [picked, setPicked] = useState<string[]>(user.roles);
  const { busy, error, submit } = useSubmit(async () => {
    await updateUser(user.userName, { roles: picked });
    onDone();
  });
  return (
    <Modal title={`Roles of ${user.userName}`} onClose={onClose} testid="user-roles-dialog">
      <form class="form" onSubmit={submit}>
        <RoleChecks roles={roles} value={picked} onChange={setPicked} />
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="user-roles-submit">Save</button>
        </div>
      </form>
    </Modal>
  );
}
