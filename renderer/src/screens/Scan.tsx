import { Empty, formatDuration, formatNumber } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';

export function Scan() {
  const { scan, cancelScan, go } = useApp();
  if (!scan) return <Empty>No scan is running. Start one from Home or Connection.</Empty>;
  const pct = scan.fraction === null ? null : Math.round(scan.fraction * 100);
  const running = scan.state === 'running';
  return (
    <div className="screen narrow">
      <h1>{running ? 'Scanning…' : `Scan ${scan.state}`}</h1>
      <div
        className={`progress ${pct === null && running ? 'indeterminate' : ''}`}
        role="progressbar"
        aria-label="Scan progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct === null ? `${formatNumber(scan.objects)} objects read` : `${pct}%`}
      >
        <div className="progress-fill" style={{ width: `${pct ?? (running ? 30 : 100)}%` }} />
      </div>
      <dl className="stats" aria-live="polite">
        <div>
          <dt>Objects read</dt>
          <dd>{formatNumber(scan.objects)}</dd>
        </div>
        <div>
          <dt>Objects per second</dt>
          <dd>{formatNumber(Math.round(scan.objectsPerSecond))}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{formatDuration(scan.elapsedMs)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{scan.etaMs === null ? (running ? 'unknown (live directory)' : '–') : formatDuration(scan.etaMs)}</dd>
        </div>
      </dl>
      {scan.error && <p className="error-text">{scan.error}</p>}
      <div className="form-actions">
        {running ? (
          <button className="danger" onClick={() => void cancelScan()}>
            Cancel
          </button>
        ) : (
          <button onClick={() => go(scan.state === 'completed' ? 'dashboard' : 'home')}>{scan.state === 'completed' ? 'Open the dashboard' : 'Back to Home'}</button>
        )}
      </div>
      <p className="muted small">The scan runs in its own thread: the workbench stays usable, and a cancelled or failed scan never changes earlier runs.</p>
    </div>
  );
}
