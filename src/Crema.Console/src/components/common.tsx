// Small shared pieces: loading, empty and error states, a modal dialog.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';

/**
 * A form that sends one request: `busy` while it runs (and after it succeeds, since the form then goes away),
 * the server's field errors and its message when it fails.
 */
export function useSubmit(action: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors(null);
    setError(null);
    try {
      await action();
    } catch (err: any) {
      setErrors(err instanceof ApiError ? err.errors ?? null : null);
      setError(err.message);
      setBusy(false);
    }
  }
  return { busy, errors, error, submit };
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <p class="state loading" role="status" aria-busy="true">{what}…</p>;
}

export function ErrorBox({ error, onRetry }: { error: string | null | undefined; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div class="state error" role="alert" data-testid="error">
      <span>{error}</span>
      {onRetry && <button type="button" class="btn small" onClick={onRetry}>Try again</button>}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state empty">{children}</div>;
}

/** A modal dialog (the native <dialog>): Escape closes it, focus moves into it. */
export function Modal({ title, onClose, children, wide, testid }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean; testid?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    const onCancel = (e: Event) => { e.preventDefault(); onClose(); };
    d.addEventListener('cancel', onCancel);
    return () => d.removeEventListener('cancel', onCancel);
  }, []);
  return (
    <dialog ref={ref} class={wide ? 'modal wide' : 'modal'} aria-labelledby="modal-title" data-testid={testid}>
      <header class="modal-head">
        <h2 id="modal-title">{title}</h2>
        <button type="button" class="btn icon" aria-label="Close" onClick={onClose}>✕</button>
      </header>
      <div class="modal-body">{children}</div>
    </dialog>
  );
}

export function download(name: string, text: string, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Tabs as links (each tab is a route), so the browser's back button and bookmarks work. */
export function Tabs({ tabs, active, label }: { tabs: { id: string; label: string; href: string }[]; active: string; label: string }) {
  return (
    <nav class="tabs" aria-label={label}>
      {tabs.map(t => (
        <a key={t.id} href={t.href} class={t.id === active ? 'tab on' : 'tab'} aria-current={t.id === active ? 'page' : undefined} data-testid={`tab-${t.id}`}>{t.label}</a>
      ))}
    </nav>
  );
}

/** Asks before something that cannot be undone; the confirm button shows the server's error when it fails. */
export function Confirm({ title, children, confirmLabel = 'Delete', danger = true, onConfirm, onClose, testid = 'confirm-dialog' }: {
  title: string; children: ComponentChildren; confirmLabel?: string; danger?: boolean; onConfirm: () => Promise<unknown>; onClose: () => void; testid?: string;
}) {
  const { busy, error, submit: go } = useSubmit(onConfirm);
  return (
    <Modal title={title} onClose={onClose} testid={testid}>
      <form class="form" onSubmit={go}>
        <div>{children}</div>
        <ErrorBox error={error} />
        <div class="row end">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class={danger ? 'btn danger' : 'btn primary'} data-testid="confirm-submit" disabled={busy}>{busy ? 'Working…' : confirmLabel}</button>
        </div>
      </form>
    </Modal>
  );
}

/** A button that copies text to the clipboard and says so. */
export function CopyButton({ text, label = 'Copy', testid = 'copy' }: { text: string; label?: string; testid?: string }) {
  const [done, setDone] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setDone('Copied');
    } catch {
      setDone('Copy failed: select the text and copy it by hand');
    }
    setTimeout(() => setDone(null), 2500);
  }
  return (
    <>
      <button type="button" class="btn small" onClick={copy} data-testid={testid}>{label}</button>
      <span class="muted copy-note" role="status">{done ?? ''}</span>
    </>
  );
}

/** A secret that the server shows only once: the value, a copy button and a warning. */
export function SecretDialog({ title, secrets, note, onClose, testid = 'secret-dialog' }: {
  title: string; secrets: { label: string; value: string }[]; note?: ComponentChildren; onClose: () => void; testid?: string;
}) {
  return (
    <Modal title={title} onClose={onClose} testid={testid}>
      <div class="form">
        <p class="warning-box" role="alert"><strong>Copy it now.</strong> This is the only time it is shown; it cannot be read again. Keep it somewhere safe.</p>
        {secrets.map(s => (
          <div class="secret" key={s.label}>
            <span class="secret-label">{s.label}</span>
            <code class="secret-value" data-testid="secret-value" tabIndex={0}>{s.value}</code>
            <CopyButton text={s.value} label={`Copy ${s.label.toLowerCase()}`} testid="secret-copy" />
          </div>
        ))}
        {note}
        <div class="row end"><button type="button" class="btn primary" data-testid="secret-done" onClick={onClose}>I have copied it</button></div>
      </div>
    </Modal>
  );
}

/** A panel at the side of the page (a full-width sheet on narrow screens); Escape closes it. */
export function SidePanel({ title, onClose, children, testid }: { title: string; onClose: () => void; children: ComponentChildren; testid?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // A layout effect: Escape works from the first frame the panel is shown.
  useLayoutEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') close.current(); };
    window.addEventListener('keydown', onKey);
    return () => { window.removeEventListener('keydown', onKey); prev?.focus?.(); };
  }, []);
  return (
    <div class="side-panel" ref={ref} tabIndex={-1} role="dialog" aria-label={title} data-testid={testid}>
      <header class="modal-head">
        <h2>{title}</h2>
        <button type="button" class="btn icon" aria-label="Close" onClick={onClose}>✕</button>
      </header>
      <div class="side-body">{children}</div>
    </div>
  );
}

/** The server's messages for one field (and its sub-fields such as alarmActions[0]). */
export function fieldErrors(errors: Record<string, string[]> | null | undefined, ...fields: string[]): string[] {
  if (!errors) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    const key = k.toLowerCase();
    if (fields.some(f => key === f.toLowerCase() || key.startsWith(f.toLowerCase() + '[') || key.startsWith(f.toLowerCase() + '.'))) out.push(...v);
  }
  return out;
}

export function FieldError({ id, messages }: { id?: string; messages: string[] }) {
  if (!messages.length) return null;
  return <p class="field-error" id={id} role="alert" data-testid="field-error">{messages.join(' ')}</p>;
}

/** Pretty JSON, as text (never HTML). */
export function JsonView({ value, testid }: { value: unknown; testid?: string }) {
  return <pre class="json" data-testid={testid} tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>;
}
