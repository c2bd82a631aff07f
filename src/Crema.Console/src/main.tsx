// The console's entry: styles, session check, the shell (top bar + navigation) and the page for the path.
import 'uplot/dist/uPlot.min.css';
import 'gridstack/dist/gridstack.min.css';
import './styles/app.css';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { loadSession, session, signOut } from './session';
import { useStore } from './store';
import { linkClick, navigate, useLocation } from './router';
import { theme, toggleTheme } from './theme';
import { SECTIONS } from './nav';
import { SignIn } from './pages/SignIn';
import { ChartBench, runChartBench } from './pages/ChartBench';
import { Loading, ErrorBox } from './components/common';
import { liveStatus, startLive, stopLive } from './live';
import { useState } from 'preact/hooks';

// For browser tests and the curious: window.cremaChartBench(100000) → { points, ms }.
(window as any).cremaChartBench = runChartBench;

function TopBar() {
  const me = useStore(session);
  const t = useStore(theme);
  const live = useStore(liveStatus);
  return (
    <header class="topbar">
      <a href="/dashboards" class="brand" data-testid="brand"><span aria-hidden="true">☕</span> Crema</a>
      <span class={`live-dot ${live}`} title={`Live updates: ${live}`} role="status" aria-label={`Live updates ${live}`} data-testid="live-status" />
      <div class="spacer" />
      <button type="button" class="btn icon" onClick={toggleTheme} data-testid="theme-toggle" aria-label={t === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} title="Light or dark theme">
        {t === 'dark' ? '☀' : '☾'}
      </button>
      {me && <span class="user" data-testid="signed-in-user" title={me.roles.join(', ')}>{me.userName}</span>}
      {me && <button type="button" class="btn" data-testid="sign-out" onClick={() => signOut()}>Sign out</button>}
    </header>
  );
}

function Nav({ active }: { active: string }) {
  return (
    <nav class="sidenav" aria-label="Sections">
      <ul>
        {SECTIONS.filter(s => !s.under).map(s => (
          <li key={s.id}>
            <a href={`/${s.id}`} data-testid={`nav-${s.id}`} aria-current={active === s.id ? 'page' : undefined}>{s.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function App() {
  const me = useStore(session);
  const { path } = useLocation();
  const [bootError, setBootError] = useState<string | null>(null);

  useEffect(() => {
    loadSession().catch(e => setBootError(e.message));
  }, []);

  useEffect(() => {
    if (me) startLive();
    else stopLive();
  }, [!!me]);

  // Links from notifications use /#/alarms/<name>: the same page by its path.
  if (location.hash.startsWith('#/') && path === '/') {
    navigate(location.hash.slice(1), true);
    return null;
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'dev' && parts[1] === 'chart-bench') return <ChartBench />;
  if (bootError) return <main class="signin-page"><ErrorBox error={bootError} onRetry={() => { setBootError(null); loadSession().catch(e => setBootError(e.message)); }} /></main>;
  if (me === undefined) return <main class="signin-page"><Loading /></main>;
  if (me === null) return <SignIn />;
  if (parts.length === 0 || parts[0] === 'sign-in') {
    navigate('/dashboards', true);
    return null;
  }
  const section = SECTIONS.find(s => s.id === parts[0]);
  const Page = section?.page;
  return (
    <div class="shell" onClick={linkClick as any}>
      <a class="skip" href="#main">Skip to content</a>
      <TopBar />
      <div class="body">
        <Nav active={section?.under ?? parts[0]} />
        <main id="main" class="content" tabIndex={-1}>
          {Page ? <Page rest={parts.slice(1)} /> : <div class="page"><h1>Not found</h1><p>Nothing is at {path}. <a href="/dashboards">Go to the dashboards</a>.</p></div>}
        </main>
      </div>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
