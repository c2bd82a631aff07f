// Small shared pieces: loading, empty and error states, a modal dialog.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

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
