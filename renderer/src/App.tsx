import { useEffect } from 'react';
import { formatWhen } from './components/ui.tsx';
import { currentEngagement, useApp, type Screen } from './state/app-store.ts';
import { Checklist } from './screens/Checklist.tsx';
import { Completeness } from './screens/Completeness.tsx';
import { Connection } from './screens/Connection.tsx';
import { Dashboard } from './screens/Dashboard.tsx';
import { Directory } from './screens/Directory.tsx';
import { Excluded } from './screens/Excluded.tsx';
import { Findings } from './screens/Findings.tsx';
import { Home } from './screens/Home.tsx';
import { Reports } from './screens/Reports.tsx';
import { Scan } from './screens/Scan.tsx';
import { Settings } from './screens/Settings.tsx';
import { Objects } from './screens/Objects.tsx';

const SCREENS: { id: Screen; label: string; needsRun?: boolean; needsEngagement?: boolean; render: () => React.JSX.Element }[] = [
  { id: 'home', label: 'Home', render: Home },
  { id: 'connection', label: 'Connection', needsEngagement: true, render: Connection },
  { id: 'scan', label: 'Scan', needsEngagement: true, render: Scan },
  { id: 'dashboard', label: 'Dashboard', needsRun: true, render: Dashboard },
  { id: 'findings', label: 'Findings', needsRun: true, render: Findings },
  { id: 'objects', label: 'Objects', needsRun: true, render: Objects },
  { id: 'excluded', label: 'Excluded objects', needsRun: true, render: Excluded },
  { id: 'completeness', label: 'Mail completeness', needsRun: true, render: Completeness },
  { id: 'directory', label: 'Directory', needsRun: true, render: Directory },
  { id: 'checklist', label: 'Checklist', needsRun: true, render: Checklist },
  { id: 'reports', label: 'Reports', needsRun: true, render: Reports },
  { id: 'settings', label: 'Settings', render: Settings },
];

function RunPicker() {
  const { runs, assessmentId, selectRun } = useApp();
  const completed = runs.filter((r) => r.status === 'completed');
  if (completed.length === 0) return null;
  return (
    <div className="run-picker">
      <label htmlFor="run-picker">Run</label>
      <select id="run-picker" value={assessmentId ?? ''} onChange={(e) => selectRun(Number(e.target.value))}>
        {completed.map((r) => (
          <option key={r.id} value={r.id}>
            #{r.id} · {formatWhen(r.startedAt)} · {(r.adjusted?.scores.overall ?? r.scores?.overall)?.toFixed(1) ?? '–'}
          </option>
        ))}
      </select>
    </div>
  );
}

export function App() {
  const { screen, go, init, notice, assessmentId, engagementId, runs } = useApp();
  const run = runs.find((r) => r.id === assessmentId);
  const engagement = useApp(currentEngagement);
  useEffect(() => {
    void init();
  }, []);
  const current = SCREENS.find((s) => s.id === screen) ?? SCREENS[0]!;
  useEffect(() => {
    document.title = `${current.label} · AD Readiness Workbench`;
    document.getElementById('main')?.focus();
  }, [screen]);
  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">AD Readiness Workbench</span>
        <span className="engagement" aria-live="polite">
          {engagement ? engagement.customer : 'No engagement open'}
        </span>
        <RunPicker />
      </header>
      <nav className="sidebar" aria-label="Screens">
        <ul>
          {SCREENS.map((s) => {
            const disabled = (s.needsRun && assessmentId === null) || (s.needsEngagement && engagementId === null);
            return (
              <li key={s.id}>
                <button className={`nav ${s.id === screen ? 'current' : ''}`} aria-current={s.id === screen ? 'page' : undefined} disabled={disabled} onClick={() => go(s.id)}>
                  {s.label}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={0} aria-label="Screen content">
        {notice && (
          <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
            <button className="link" onClick={() => useApp.setState({ notice: null })} aria-label="Dismiss the message">
              Dismiss
            </button>
          </div>
        )}
        {/* Every screen that shows a run's numbers says what they were computed with. */}
        {current.needsRun && run && (
          <p className="run-settings muted small">
            Run #{run.id} ({run.sourceLabel}), computed for {run.settings}.
          </p>
        )}
        <current.render />
      </main>
    </div>
  );
}
