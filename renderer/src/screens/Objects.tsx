import { useEffect, useState } from 'react';
import type { ObjectsPage } from '../../../shared/api/views.ts';
import { rdnValue } from '../../../shared/dn.ts';
import { call } from '../api/client.ts';
import { Empty, formatNumber, TableHead } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';
import { useFindings } from '../state/findings-store.ts';
import { ObjectDrawer } from './ObjectDrawer.tsx';

const PAGE = 100;
type Filter = { text?: string; objectClass?: 'user' | 'contact' | 'group'; ou?: string; sourceId?: number };

/**
 * Every object the run kept (each with a finding or an exclusion), with its findings counted:
 * find one person by name, account or address, or look down an OU or a source.
 */
export function Objects() {
  const assessmentId = useApp((s) => s.assessmentId);
  const drawerObjectId = useFindings((s) => s.drawerObjectId);
  const [filter, setFilter] = useState<Filter>({});
  const [text, setText] = useState('');
  const [page, setPage] = useState<ObjectsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (offset: number) => {
    if (assessmentId === null) return;
    try {
      const next = await call('objects.page', { assessmentId, filter, offset, limit: PAGE });
      setPage((before) => (before && offset > 0 ? { ...next, rows: [...before.rows, ...next.rows] } : next));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useEffect(() => {
    void load(0);
  }, [assessmentId, filter]);
  // Typing waits for a pause before asking main.
  useEffect(() => {
    const t = setTimeout(() => (text.trim() || undefined) !== filter.text && setFilter((f) => ({ ...f, text: text.trim() || undefined })), 300);
    return () => clearTimeout(t);
  }, [text]);
  if (assessmentId === null) return <Empty>No completed run yet.</Empty>;
  const open = (objectId: number) => {
    useFindings.getState().reset(assessmentId);
    useFindings.getState().openDrawer(objectId);
  };
  return (
    <div className="screen findings-screen">
      <h1>
        Objects <span className="muted" aria-live="polite">{page ? `${formatNumber(page.total)}${page.totalIsExact ? '' : '+'} matching` : ''}</span>
      </h1>
      <p className="muted small">The objects this run kept: every one with a finding or excluded from the sync scope (clean objects are counted on the Dashboard).</p>
      <div className="filter-bar" role="search" aria-label="Filter objects">
        <div className="filter grow">
          <label htmlFor="o-text">Name, account or address</label>
          <input id="o-text" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. jsmith or smith@fcra.gov" />
        </div>
        <div className="filter">
          <label htmlFor="o-class">Class</label>
          <select id="o-class" value={filter.objectClass ?? ''} onChange={(e) => setFilter((f) => ({ ...f, objectClass: (e.target.value || undefined) as Filter['objectClass'] }))}>
            <option value="">All</option>
            <option value="user">Users</option>
            <option value="contact">Contacts</option>
            <option value="group">Groups</option>
          </select>
        </div>
        <div className="filter">
          <label htmlFor="o-ou">OU</label>
          <input id="o-ou" value={filter.ou ?? ''} onChange={(e) => setFilter((f) => ({ ...f, ou: e.target.value || undefined }))} placeholder="OU=…,DC=…" />
        </div>
        {page && page.sources.length > 1 && (
          <div className="filter">
            <label htmlFor="o-source">Source</label>
            <select id="o-source" value={filter.sourceId ?? ''} onChange={(e) => setFilter((f) => ({ ...f, sourceId: e.target.value ? Number(e.target.value) : undefined }))}>
              <option value="">All</option>
              {page.sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="findings-body">
        {page && page.rows.length === 0 ? (
          <div className="empty-state" role="status">
            <p>No object matches these filters.</p>
            <button
              onClick={() => {
                setText('');
                setFilter({});
              }}
            >
              Clear filters
            </button>
          </div>
        ) : (
          <div className="table-scroll objects-table" tabIndex={0} aria-label="Objects">
            <table className="table">
              <TableHead columns={['Object', 'Class', 'OU', 'Source', 'Findings', 'Scope']} />
              <tbody>
                {page?.rows.map((o) => (
                  <tr key={o.objectId}>
                    <td title={o.dn}>
                      <button className="link" onClick={() => open(o.objectId)}>
                        {rdnValue(o.dn) || o.dn}
                      </button>
                    </td>
                    <td>{o.objectClass}</td>
                    <td className="small">{o.ou}</td>
                    <td className="small">{o.source}</td>
                    <td>
                      {formatNumber(o.findings)}
                      {o.blockers > 0 && <span className="muted small"> ({formatNumber(o.blockers)} blocking)</span>}
                    </td>
                    <td className="small">{o.inScope ? 'In scope' : `Excluded: ${o.excludedReason ?? ''}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {page && page.rows.length < page.total && (
              <button onClick={() => void load(page.rows.length)}>Show {formatNumber(Math.min(PAGE, page.total - page.rows.length))} more</button>
            )}
          </div>
        )}
        {drawerObjectId !== null && <ObjectDrawer assessmentId={assessmentId} objectId={drawerObjectId} />}
      </div>
    </div>
  );
}
