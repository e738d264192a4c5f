import { useEffect, useRef, useState } from 'react';
import type { DecisionsImportView } from '../../../shared/api/views.ts';
import { call } from '../api/client.ts';
import { ExportPathField } from '../components/ExportPathField.tsx';
import { formatNumber, Panel, TableHead } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';

const OUTCOME_WORDS: Record<DecisionsImportView['rows'][number]['outcome'], string> = {
  accepted: 'Value accepted',
  excepted: 'Exception recorded',
  cleared: 'Decision cleared',
  unchanged: 'No action',
  refused: 'Refused',
};

/**
 * IdFix's round trip: findings.csv exported here, its UPDATE, ACTION and REASON columns edited in
 * Excel, and the file read back as decisions. Every row's outcome is listed, refused ones first.
 */
export function DecisionsImport({ assessmentId }: { assessmentId: number }) {
  const refreshRuns = useApp((s) => s.refreshRuns);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DecisionsImportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The outcome is brought into view where the eye is, not left below the fold.
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result || error) outcome.current?.scrollIntoView({ block: 'nearest' });
  }, [result, error]);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await call('decisions.importCsv', { assessmentId, path }));
      await refreshRuns();
    } catch (err) {
      setResult(null);
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const c = result?.counts;
  return (
    <Panel title="Bring decisions back from Excel">
      <p className="small">
        Export FINDINGS, edit its <strong>UPDATE</strong> and <strong>ACTION</strong> columns in Excel (ACTION: EDIT to apply UPDATE, EXCEPTION with a REASON, CLEAR, or empty for no change), save it as CSV, and
        import it here. Each value is checked by the same rules as the next run.
      </p>
      <div className="form-row">
        <ExportPathField id="decisions-csv" label="Edited findings.csv" placeholder="C:\Users\…\findings.csv" value={path} onChange={setPath} />
        <button className="primary" disabled={!path.trim() || busy} onClick={() => void run()}>
          {busy ? 'Importing…' : 'Import decisions'}
        </button>
      </div>
      <div ref={outcome}>
        {error && (
          <p className="error-text" role="alert">
            Nothing was imported: {error}
          </p>
        )}
        {result && c && (
          <div role="status">
            <p>
              {formatNumber(c.accepted)} values accepted, {formatNumber(c.excepted)} exceptions, {formatNumber(c.cleared)} cleared, {formatNumber(c.unchanged)} rows without action,{' '}
              <strong>{formatNumber(c.refused)} refused</strong>
              {result.encoding === 'windows-1252' ? ' (the file was read as Windows-1252, as Excel saves plain "CSV")' : ''}.
            </p>
            <div className="table-scroll" tabIndex={0} aria-label="Outcome of every row">
              <table className="table">
                <TableHead columns={['Line', 'Outcome', 'Object', 'Rule', 'Why']} />
                <tbody>
                  {result.rows.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <td>{OUTCOME_WORDS[r.outcome]}</td>
                      <td className="dn">{r.dn}</td>
                      <td>{r.ruleId}</td>
                      <td>{r.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </div>
    </Panel>
  );
}
