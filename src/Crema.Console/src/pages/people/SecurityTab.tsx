// The signed-in user's own security: change the password; turn MFA on (QR code, confirm with a code, the
// recovery codes shown once) or off.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { CopyButton, ErrorBox, FieldError, fieldErrors } from '../../components/common';
import { activateMfa, changePassword, deactivateMfa, enrollMfa } from '../../peopleApi';
import { loadSession, session } from '../../session';
import { useStore } from '../../store';
import { download } from '../../components/common';

export function SecurityTab() {
  const me = useStore(session);
  if (!me) return null;
  return (
    <div class="security-grid">
      <PasswordCard userName={me.userName} viaSession={me.authMethod === 'session'} />
      <MfaCard enabled={me.mfaEnabled} />
    </div>
  );
}

function PasswordCard({ userName, viaSession }: { userName: string; viaSession: boolean }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setErrors(null);
    setError(null);
    if (next !== again) { setErrors({ again: ['does not match the new password'] }); return; }
    setBusy(true);
    try {
      await changePassword(current, next);
      setDone(true);
      // The change ends every session of the user, this one too: the sign-in page follows.
      setTimeout(() => { loadSession().catch(() => undefined); }, 2500);
    } catch (err: any) {
      setErrors(err instanceof ApiError ? err.errors ?? null : null);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card pad" aria-labelledby="pw-title" data-testid="password-card">
      <h2 id="pw-title">Password</h2>
      {done ? (
        <p role="status" data-testid="password-changed">The password of {userName} is changed. Every session ended; sign in again with the new password.</p>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <input type="text" autocomplete="username" value={userName} class="sr-only" tabIndex={-1} aria-hidden="true" readOnly />
          <label>Current password<input type="password" autocomplete="current-password" value={current} required data-testid="password-current" onInput={e => setCurrent((e.target as HTMLInputElement).value)} /></label>
          <FieldError messages={fieldErrors(errors, 'currentPassword')} />
          <label>New password<input type="password" autocomplete="new-password" value={next} required data-testid="password-new" onInput={e => setNext((e.target as HTMLInputElement).value)} /></label>
          <FieldError messages={fieldErrors(errors, 'newPassword')} />
          <label>New password again<input type="password" autocomplete="new-password" value={again} required data-testid="password-again" onInput={e => setAgain((e.target as HTMLInputElement).value)} /></label>
          <FieldError messages={fieldErrors(errors, 'again')} />
          {!errors && <ErrorBox error={error} />}
          <p class="muted small">Changing it signs you out everywhere{viaSession ? ', here too' : ''}.</p>
          <div class="row end"><button type="submit" class="btn primary" disabled={busy} data-testid="password-submit">Change password</button></div>
        </form>
      )}
    </section>
  );
}

function MfaCard({ enabled }: { enabled: boolean }) {
  const [step, setStep] = useState<'idle' | 'enrolling' | 'codes' | 'off'>('idle');
  const [enrol, setEnrol] = useState<{ secret: string; otpauthUri: string; qrSvg: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setEnrol(await enrollMfa());
      setCode('');
      setStep('enrolling');
    } catch (e: any) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  }

  async function activate(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await activateMfa(code.replace(/\s+/g, ''));
      setCodes(r.recoveryCodes);
      setStep('codes');
      setEnrol(null);
    } catch (err: any) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  async function turnOff(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await deactivateMfa(code.replace(/\s+/g, ''));
      setCode('');
      setStep('idle');
      await loadSession();
    } catch (err: any) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  // The QR code is drawn from an <img> with a data: URL: an SVG shown that way runs no script and loads nothing.
  const qr = enrol ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrol.qrSvg)}` : '';
  return (
    <section class="card pad" aria-labelledby="mfa-title" data-testid="mfa-card">
      <h2 id="mfa-title">Multi-factor authentication</h2>
      {step === 'codes' ? (
        <div class="form" data-testid="mfa-recovery">
          <p role="status"><strong>MFA is on.</strong> Sign-in now asks for a code from your authenticator app.</p>
          <p class="warning-box" role="alert"><strong>Save these recovery codes now.</strong> Each lets you sign in once without the app (a lost phone). They are shown only this once.</p>
          <ol class="recovery-codes" data-testid="mfa-recovery-codes">{codes.map(c => <li key={c}><code>{c}</code></li>)}</ol>
          <div class="row wrap">
            <CopyButton text={codes.join('\n')} label="Copy the codes" testid="mfa-codes-copy" />
            <button type="button" class="btn small" onClick={() => download('crema-recovery-codes.txt', codes.join('\n') + '\n', 'text/plain')}>Download as a file</button>
            <div class="spacer" />
            <button type="button" class="btn primary" data-testid="mfa-codes-done" onClick={() => { setCodes([]); setStep('idle'); loadSession().catch(() => undefined); }}>I have saved them</button>
          </div>
        </div>
      ) : step === 'enrolling' && enrol ? (
        <form class="form" onSubmit={activate} data-testid="mfa-enroll">
          <p>Scan the code with an authenticator app (or type the secret), then enter the 6-digit code it shows.</p>
          <img class="qr" src={qr} alt="QR code of the MFA secret" width={200} height={200} data-testid="mfa-qr" />
          <div class="secret"><span class="secret-label">Secret</span><code class="secret-value" data-testid="mfa-secret">{enrol.secret}</code><CopyButton text={enrol.secret} label="Copy the secret" /></div>
          <label>Code from the app<input value={code} inputMode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required data-testid="mfa-code" onInput={e => setCode((e.target as HTMLInputElement).value)} /></label>
          <ErrorBox error={error} />
          <div class="row end">
            <button type="button" class="btn" onClick={() => { setStep('idle'); setEnrol(null); setError(null); }}>Cancel</button>
            <button type="submit" class="btn primary" disabled={busy} data-testid="mfa-activate">Turn MFA on</button>
          </div>
        </form>
      ) : enabled ? (
        step === 'off' ? (
          <form class="form" onSubmit={turnOff}>
            <label>Current code from your app<input value={code} inputMode="numeric" autocomplete="one-time-code" required data-testid="mfa-off-code" onInput={e => setCode((e.target as HTMLInputElement).value)} /></label>
            <ErrorBox error={error} />
            <div class="row end">
              <button type="button" class="btn" onClick={() => { setStep('idle'); setError(null); }}>Cancel</button>
              <button type="submit" class="btn danger" disabled={busy} data-testid="mfa-off-submit">Turn MFA off</button>
            </div>
          </form>
        ) : (
          <div class="form">
            <p data-testid="mfa-status">MFA is <strong>on</strong>: signing in needs a code from your authenticator app.</p>
            <div class="row end"><button type="button" class="btn danger" data-testid="mfa-off" onClick={() => { setStep('off'); setCode(''); }}>Turn MFA off…</button></div>
          </div>
        )
      ) : (
        <div class="form">
          <p data-testid="mfa-status">MFA is <strong>off</strong>. With it, a stolen password alone cannot sign in.</p>
          <ErrorBox error={error} />
          <div class="row end"><button type="button" class="btn primary" disabled={busy} data-testid="mfa-start" onClick={start}>Set up MFA</button></div>
        </div>
      )}
    </section>
  );
}
