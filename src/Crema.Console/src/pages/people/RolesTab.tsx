// Roles: the built-in and custom roles; a role's policy as JSON; a custom role created (or changed) from JSON.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { Confirm, Empty, ErrorBox, FieldError, JsonView, Loading, Modal, SidePanel } from '../../components/common';
import { createRole, deleteRole, listRoles, updateRole, type Role } from '../../peopleApi';

const TEMPLATE = {
  name: 'shop-reader',
  description: 'Reads the CoffeeShop metrics and alarms',
  statements: [
    { effect: 'Allow', actions: ['metrics:Get', 'metrics:List'], resources: ['metrics/CoffeeShop'] },
    { effect: 'Allow', actions: ['alarms:Describe', 'alarms:History'], resources: ['alarms/*'] },
  ],
};

export function RolesTab() {
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [shown, setShown] = useState<Role | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'edit'; role?: Role } | { kind: 'delete'; role: Role } | null>(null);

  useEffect(() => {
    listRoles().then(r => { setRoles(r); setError(null); }).catch(e => setError(e.message));
  }, [bump]);

  const done = () => { setDialog(null); setShown(null); setBump(b => b + 1); };
  return (
    <section aria-label="Roles">
      <div class="row wrap section-head">
        <p class="muted grow">A role is a policy: statements that allow or deny actions on resources. Built-in roles cannot be changed.</p>
        <button type="button" class="btn primary" data-testid="role-create" onClick={() => setDialog({ kind: 'edit' })}>Create role from JSON</button>
      </div>
      <ErrorBox error={error} onRetry={() => setBump(b => b + 1)} />
      {!roles && !error && <Loading what="Loading the roles" />}
      {roles && roles.length === 0 && <Empty>No roles.</Empty>}
      {roles && roles.length > 0 && (
        <table class="table" data-testid="roles-table">
          <thead><tr><th scope="col">Role</th><th scope="col">Description</th><th scope="col" class="num hide-narrow">Statements</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {roles.map(r => (
              <tr key={r.name} data-role={r.name}>
                <td><button type="button" class="link" data-testid="role-show" aria-label={`Show the policy of ${r.name}`} onClick={() => setShown(r)}>{r.name}</button>{r.builtIn && <span class="tag">built-in</span>}</td>
                <td>{r.description}</td>
                <td class="num hide-narrow">{r.statements.length}</td>
                <td class="actions">
                  <button type="button" class="btn small" aria-label={`Show the policy of ${r.name}`} onClick={() => setShown(r)}>Policy</button>
                  {!r.builtIn && <button type="button" class="btn small" aria-label={`Edit ${r.name}`} data-testid="role-edit" onClick={() => setDialog({ kind: 'edit', role: r })}>Edit</button>}
                  {!r.builtIn && <button type="button" class="btn small danger" aria-label={`Delete ${r.name}`} data-testid="role-delete" onClick={() => setDialog({ kind: 'delete', role: r })}>Delete</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && (
        <SidePanel title={`Role ${shown.name}`} onClose={() => setShown(null)} testid="role-panel">
          <p>{shown.description}</p>
          <p class="muted">{shown.builtIn ? 'Built-in: it cannot be changed or deleted.' : 'Custom role.'}</p>
          <JsonView value={{ name: shown.name, description: shown.description, statements: shown.statements }} testid="role-json" />
        </SidePanel>
      )}
      {dialog?.kind === 'edit' && <RoleDialog role={dialog.role} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'delete' && (
        <Confirm title="Delete role" onClose={() => setDialog(null)} onConfirm={async () => { await deleteRole(dialog.role.name); done(); }}>
          <p>Delete the role <strong>{dialog.role.name}</strong>? Users and keys that hold it lose what it allowed.</p>
        </Confirm>
      )}
    </section>
  );
}

function RoleDialog({ role, onClose, onDone }: { role?: Role; onClose: () => void; onDone: () => void }) {
  const [text, setText] = useState(() => JSON.stringify(role ? { name: role.name, description: role.description, statements: role.statements } : TEMPLATE, null, 2));
  const [errors, setErrors] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setErrors([]);
    setError(null);
    let body: any;
    try {
      body = JSON.parse(text);
    } catch (err: any) {
      setError(`The JSON does not parse: ${err.message}`);
      return;
    }
    setBusy(true);
    try {
      if (role) await updateRole(role.name, body);
      else await createRole(body);
      onDone();
    } catch (err: any) {
      if (err instanceof ApiError && err.errors) setErrors(Object.entries(err.errors).map(([k, v]) => `${k}: ${v.join(' ')}`));
      else setError(err.message);
      setBusy(false);
    }
  }
  return (
    <Modal title={role ? `Edit role ${role.name}` : 'Create role'} onClose={onClose} wide testid="role-dialog">
      <form class="form" onSubmit={submit}>
        <label>Role (JSON: name, description, statements of effect / actions / resources)
          <textarea class="code" rows={18} value={text} spellcheck={false} data-testid="role-json-input" aria-describedby="role-errors" onInput={e => setText((e.target as HTMLTextAreaElement).value)} />
        </label>
        <div id="role-errors"><FieldError messages={errors} /></div>
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="role-submit">{role ? 'Save' : 'Create'}</button>
        </div>
      </form>
    </Modal>
  );
}
