import { CHECK_STATUS_WORDS } from '../../../shared/scoring.ts';
import { call } from '../api/client.ts';
import { Empty, Panel, TableHead, toneOf } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';
import { useRunView } from '../state/use-run-view.ts';

function show(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') || '(none)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function Directory() {
  const { assessmentId } = useApp();
  const [view] = useRunView((id) => call('directory.get', { assessmentId: id }));
  if (assessmentId === null) return <Empty>No completed run yet.</Empty>;
  if (!view) return <p role="status">Loading…</p>;
  return (
    <div className="screen">
      <h1>Directory infrastructure</h1>
      <p className="muted">
        Evidence from {view.source.kind === 'ldap' ? 'the live directory' : `the export ${view.source.label}`}
        {view.evidence ? '' : ': an export carries no RootDSE, configuration or schema, so those checks are marked not assessed. Scan the live directory to assess them.'}
      </p>
      <Panel title="Checks">
        <table className="table">
          <TableHead columns={['Status', 'Check', 'Evidence']} />
          <tbody>
            {view.checks.map((c) => (
              <tr key={c.id}>
                <td>
                  <span className={`pill pill-${toneOf(c.status)}`}>{CHECK_STATUS_WORDS[c.status]}</span>
                </td>
                <td>{c.title}</td>
                <td className="small">{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      {view.evidence && (
        <Panel title="Directory facts">
          <dl className="facts">
            {Object.entries(view.evidence).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{show(v)}</dd>
              </div>
            ))}
          </dl>
        </Panel>
      )}
    </div>
  );
}
