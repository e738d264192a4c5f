import { useState } from 'react';
import { MANUAL_STATUSES, STATUS_LABELS, type ChecklistEntry, type ManualStatus } from '../../../shared/checklist.ts';
import { call } from '../api/client.ts';
import { Empty, Panel, TableHead, toneOf } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';
import { useRunView } from '../state/use-run-view.ts';

/** What the last save of an item said, shown beside its Save button until the item is edited again. */
type Feedback = { itemId: string; text: string; ok: boolean };

function ManualEditor({ entry, feedback, onSave }: { entry: ChecklistEntry; feedback: Feedback | null; onSave(change: { status: ManualStatus; owner: string | null; dueDate: string | null; notes: string | null }): Promise<void> }) {
  const [status, setStatus] = useState(entry.status as ManualStatus);
  const [owner, setOwner] = useState(entry.owner ?? '');
  const [due, setDue] = useState(entry.dueDate ?? '');
  const [notes, setNotes] = useState(entry.notes ?? '');
  const id = `cl-${entry.itemId}`;
  const dirty = status !== entry.status || owner !== (entry.owner ?? '') || due !== (entry.dueDate ?? '') || notes !== (entry.notes ?? '');
  return (
    <div className="manual-editor">
      <label htmlFor={`${id}-status`}>
        Status
        <span className="sr-only"> of {entry.itemId}</span>
      </label>
      <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as ManualStatus)}>
        {MANUAL_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-owner`}>
        Owner
        <span className="sr-only"> of {entry.itemId}</span>
      </label>
      <input id={`${id}-owner`} value={owner} onChange={(e) => setOwner(e.target.value)} />
      <label htmlFor={`${id}-due`}>
        Due
        <span className="sr-only"> of {entry.itemId}</span>
      </label>
      <input id={`${id}-due`} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      <label htmlFor={`${id}-notes`}>
        Notes
        <span className="sr-only"> of {entry.itemId}</span>
      </label>
      <textarea id={`${id}-notes`} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <button disabled={!dirty} onClick={() => void onSave({ status, owner: owner.trim() || null, dueDate: due || null, notes: notes.trim() || null })} aria-label={`Save ${entry.itemId}`}>
        Save
      </button>
      {feedback && !dirty && (
        <span role="status" className={feedback.ok ? 'ok-text small' : 'error-text small'}>
          {feedback.text}
        </span>
      )}
    </div>
  );
}

export function Checklist() {
  const { assessmentId, refreshRuns } = useApp();
  const [view, setView] = useRunView((id) => call('checklist.get', { assessmentId: id }));
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  if (assessmentId === null) return <Empty>No completed run yet.</Empty>;
  if (!view) return <p role="status">Loading…</p>;
  const save = async (itemId: string, change: { status: ManualStatus; owner: string | null; dueDate: string | null; notes: string | null }) => {
    try {
      setView(await call('checklist.update', { assessmentId, itemId, ...change }));
      await refreshRuns();
      setFeedback({ itemId, text: 'Saved; it carries forward to the next run.', ok: true });
    } catch (err) {
      setFeedback({ itemId, text: `Not saved: ${(err as Error).message}`, ok: false });
    }
  };
  return (
    <div className="screen">
      <h1>
        Remediation checklist{' '}
        <span className="muted">
          {view.progress === null ? '' : `${Math.round(view.progress * 100)}% done`}
          {view.recordedProgress !== null && view.progress !== null && Math.round(view.progress * 100) !== Math.round(view.recordedProgress * 100) && ` (the run recorded ${Math.round(view.recordedProgress * 100)}%)`}
        </span>
      </h1>
      <p className="muted">
        Template {view.templateVersion}. Automatic items are evaluated from this run's evidence; manual items keep their status, owner, due date and notes from run to run. Endpoint snapshot: {view.endpoints.name},
        dated {view.endpoints.snapshotDate}.
      </p>
      {view.sections.map((section) => {
        const entries = view.entries.filter((e) => e.section === section);
        if (entries.length === 0) return null;
        return (
          <Panel key={section} title={section}>
            <table className="table checklist">
              <TableHead columns={['Status', 'Item', 'Evidence', 'Owner, due, notes']} />
              <tbody>
                {entries.map((e) => (
                  <tr key={e.itemId}>
                    <td>
                      <span className={`pill pill-${toneOf(e.status)}`}>{STATUS_LABELS[e.status]}</span>
                    </td>
                    <td>
                      <strong>
                        {e.itemId} {e.title}
                      </strong>
                      {e.gating && <span className="pill pill-poor"> gating</span>}
                      <div className="small muted">
                        {e.automatic ? 'Automatic' : 'Manual'}. Verify: {e.verify}
                      </div>
                    </td>
                    <td className="small">
                      {e.evidence?.summary}
                      {e.evidence && e.evidence.examples.length > 0 && (
                        <ul className="examples">
                          {e.evidence.examples.slice(0, 5).map((x) => (
                            <li key={x}>{x}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{e.automatic ? <span className="muted small">evaluated by the scan</span> : <ManualEditor key={`${e.status}|${e.owner}|${e.notes}`} entry={e} feedback={feedback?.itemId === e.itemId ? feedback : null} onSave={(c) => save(e.itemId, c)} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        );
      })}
    </div>
  );
}
