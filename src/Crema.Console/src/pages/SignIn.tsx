// Sign-in: user name and password, then a TOTP (or recovery) code when the account has MFA.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { signIn } from '../session';

export function SignIn() {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (step === 'code' ? codeRef : userRef).current?.focus();
  }, [step, useRecovery]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (step === 'password') await signIn(user, password);
      else await signIn(user, password, useRecovery ? { recoveryCode: code.trim() } : { totpCode: code.replace(/\s+/g, '') });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'MfaRequired') {
        setStep('code');
        setCode('');
      } else {
        setError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="signin-page">
      <form class="signin card" onSubmit={submit} data-testid="sign-in-form" aria-labelledby="signin-title" noValidate>
        <h1 id="signin-title"><span class="logo" aria-hidden="true">☕</span> Crema</h1>
        {step === 'password' ? (
          <>
            <p class="muted">Sign in to the console.</p>
            <label for="signin-user">User name</label>
            <input id="signin-user" ref={userRef} name="username" autocomplete="username" data-testid="sign-in-user" required
              value={user} onInput={e => setUser((e.target as HTMLInputElement).value)} />
            <label for="signin-password">Password</label>
            <input id="signin-password" type="password" name="password" autocomplete="current-password" data-testid="sign-in-password" required
              value={password} onInput={e => setPassword((e.target as HTMLInputElement).value)} />
          </>
        ) : (
          <>
            <p class="muted">{useRecovery ? 'Enter one of your recovery codes.' : `Enter the 6-digit code from the authenticator app of ${user}.`}</p>
            <label for="signin-code">{useRecovery ? 'Recovery code' : 'Authentication code'}</label>
            <input id="signin-code" ref={codeRef} name="code" data-testid="sign-in-code" required
              autocomplete="one-time-code" inputMode={useRecovery ? 'text' : 'numeric'} pattern={useRecovery ? undefined : '[0-9 ]{6,7}'}
              value={code} onInput={e => setCode((e.target as HTMLInputElement).value)} />
            <button type="button" class="link" onClick={() => { setUseRecovery(r => !r); setCode(''); }}>
              {useRecovery ? 'Use the authenticator code instead' : 'Use a recovery code instead'}
            </button>
          </>
        )}
        {error && <p class="field-error" role="alert" data-testid="sign-in-error">{error}</p>}
        <div class="row">
          {step === 'code' && <button type="button" class="btn" onClick={() => { setStep('password'); setError(null); }}>Back</button>}
          <button type="submit" class="btn primary" data-testid="sign-in-submit" disabled={busy}>{busy ? 'Signing in…' : step === 'code' ? 'Verify' : 'Sign in'}</button>
        </div>
      </form>
    </main>
  );
}
