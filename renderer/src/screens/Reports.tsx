import { useState } from 'react';
import { REPORT_FORMATS } from '../../../shared/api/contract.ts';
import { call } from '../api/client.ts';
import { Empty, Panel } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';
import { DecisionsImport } from './DecisionsImport.tsx';

const DESCRIPTIONS: Record<(typeof REPORT_FORMATS)[number], string> = {
  findings: 'Findings as CSV (IdFix columns first) and JSON, as the command line writes them',
  pdf: 'PDF findings report for the customer',
  xlsx: 'Findings (a sheet per rule) and checklist as XLSX',
  csv: 'Checklist as CSV',
  md: 'Checklist as Markdown',
  json: 'Checklist as JSON',
  ldif: 'LDIF change file for the accepted suggestions, and its undo',
  ps1: 'PowerShell script for the accepted suggestions (-WhatIf unless -Apply)',
};

export function Reports() {
  const { assessmentId, notify } = useApp();
  const [formats, setFormats] = useState<Set<(typeof REPORT_FORMATS)[number]>>(new Set(['findings', 'pdf', 'xlsx', 'md']));
  const [redact, setRedact] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ folder: string | null; files: string[] } | null>(null);
  if (assessmentId === null) return <Empty>No completed run yet.</Empty>;
  const toggle = (f: (typeof REPORT_FORMATS)[number]) =>
    setFormats((s) => {
      const next = new Set(s);
      if (next.has(f)) next.delete(f);
      else next.add(f);
      return next;
    });
  const run = async () => {
    setBusy(true);
    try {
      setResult(await call('reports.export', { assessmentId, formats: [...formats], redact }));
    } catch (err) {
      notify('error', (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="screen narrow">
      <h1>Reports</h1>
      <Panel title="Export this run">
        <fieldset className="field">
          <legend>Formats</legend>
          {REPORT_FORMATS.map((f) => (
            <label key={f} className="check-row">
              <input type="checkbox" checked={formats.has(f)} onChange={() => toggle(f)} /> <strong>{f.toUpperCase()}</strong> {DESCRIPTIONS[f]}
            </label>
          ))}
        </fieldset>
        <label className="check-row">
          <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} /> Redact names and addresses (consistently), to share the report
        </label>
        <p className="muted small">The remediation files list only the suggestions accepted on the Findings screen. The workbench never writes to Active Directory: an administrator reviews and applies them.</p>
        <div className="form-actions">
          <button className="primary" disabled={formats.size === 0 || busy} onClick={() => void run()}>
            {busy ? 'Exporting…' : 'Export…'}
          </button>
        </div>
      </Panel>
      {result && (
        <Panel title="Exported">
          {result.folder === null ? (
            <p>No folder was chosen: nothing was written.</p>
          ) : (
            <>
              <p>
                Written to <code>{result.folder}</code>:
              </p>
              <ul className="list" aria-label="Exported files">
                {result.files.map((f) => (
                  <li key={f}>
                    <code>{f.slice(result.folder!.length + 1)}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Panel>
      )}
      <DecisionsImport assessmentId={assessmentId} />
    </div>
  );
}
