import { useMemo, useState } from 'react';
import type { CompletenessView } from '../../../shared/api/views.ts';
import { call } from '../api/client.ts';
import { ScoreBar } from '../components/charts.tsx';
import { Empty, formatNumber, Panel, TableHead } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';
import { useRunView } from '../state/use-run-view.ts';

type Row = CompletenessView['rows'][number];
const pct = (r: { total: number; complete: number }) => (r.total === 0 ? null : Math.round((1000 * r.complete) / r.total) / 10);

function sumBy(rows: Row[], key: (r: Row) => string): { key: string; total: number; complete: number }[] {
  const m = new Map<string, { key: string; total: number; complete: number }>();
  for (const r of rows) {
    const k = key(r);
    const cell = m.get(k) ?? { key: k, total: 0, complete: 0 };
    cell.total += r.total;
    cell.complete += r.complete;
    m.set(k, cell);
  }
  return [...m.values()];
}

const NO_ROWS: Row[] = [];

export function Completeness() {
  const { assessmentId } = useApp();
  const [view] = useRunView((id) => call('completeness.get', { assessmentId: id }));
  const rows = view?.rows ?? NO_ROWS;
  const [attribute, setAttribute] = useState('');
  const byAttribute = useMemo(() => sumBy(rows, (r) => r.attribute), [rows]);
  const shown = useMemo(() => rows.filter((r) => !attribute || r.attribute === attribute), [rows, attribute]);
  if (assessmentId === null) return <Empty>No completed run yet.</Empty>;
  return (
    <div className="screen">
      <h1>Mail completeness</h1>
      <p className="muted">Share of in-scope, mail-enabled objects whose mail attributes are present and valid: what a migration from a third-party mail directory must fill.</p>
      <Panel title="By attribute">
        <div className="bars-grid">
          {byAttribute.map((a) => (
            <ScoreBar key={a.key} label={a.key} score={pct(a)} detail={`${formatNumber(a.complete)} of ${formatNumber(a.total)} complete`} />
          ))}
        </div>
      </Panel>
      <Panel
        title="By class and OU"
        actions={
          <div className="filter">
            <label htmlFor="c-attr">Attribute</label>
            <select id="c-attr" value={attribute} onChange={(e) => setAttribute(e.target.value)}>
              <option value="">All</option>
              {byAttribute.map((a) => (
                <option key={a.key}>{a.key}</option>
              ))}
            </select>
          </div>
        }
      >
        <table className="table">
          <TableHead columns={['Attribute', 'Class', 'OU', 'Complete', 'Objects', 'Share']} />
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.attribute}|${r.objectClass}|${r.ou}`}>
                <td>{r.attribute}</td>
                <td>{r.objectClass}</td>
                <td className="dn-cell" title={r.ou}>
                  {r.ou || '(domain root)'}
                </td>
                <td>{formatNumber(r.complete)}</td>
                <td>{formatNumber(r.total)}</td>
                <td>{pct(r) === null ? '–' : `${pct(r)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
