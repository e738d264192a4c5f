import { useEffect, useState } from 'react';
import type { ApiResults } from '../../../shared/api/views.ts';
import { call } from '../api/client.ts';
import { Empty, formatNumber, TableHead } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';

type Rows = ApiResults['excluded.page']['rows'];
const PAGE = 200;

export function Excluded() {
  const { assessmentId, notify } = useApp();
  const [rows, setRows] = useState<Rows>([]);
  const [total, setTotal] = useState(0);
  const more = async (offset: number) => {
    if (assessmentId === null) return;
    try {
      const page = await call('excluded.page', { assessmentId, offset, limit: PAGE });
      setRows((r) => (offset === 0 ? page.rows : [...r, ...page.rows]));
      setTotal(page.total);
    } catch (err) {
      notify('error', (err as Error).message);
    }
  };
  useEffect(() => {
    void more(0);
  }, [assessmentId]);
  if (assessmentId === null) return <Empty>No completed run yet.</Empty>;
  return (
    <div className="screen">
      <h1>
        Excluded objects <span className="muted">{formatNumber(total)}</span>
      </h1>
      <p className="muted">Objects Entra Connect's default sync rules leave out, or that the engagement's scope leaves out. They are not scored.</p>
      {rows.length === 0 ? (
        <Empty>No object was excluded.</Empty>
      ) : (
        <table className="table">
          <TableHead columns={['Object', 'Class', 'Why it is excluded']} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.objectId}>
                <td className="dn-cell" title={r.dn}>
                  {r.dn}
                </td>
                <td>{r.objectClass}</td>
                <td>{r.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length < total && <button onClick={() => void more(rows.length)}>Show {Math.min(PAGE, total - rows.length)} more</button>}
    </div>
  );
}
