import { useEffect, useState } from 'react';
import type { DuplicateHolders as Holders } from '../../../shared/api/views.ts';
import { call } from '../api/client.ts';
import { formatNumber } from '../components/ui.tsx';
import { useFindings } from '../state/findings-store.ts';

const PAGE = 100;

/**
 * Every object holding one duplicated value, a hundred at a time: a placeholder UPN held by 2,000
 * accounts is one group, opened here, not 2,000 lists of 1,999 others. Each holder opens its own
 * drawer, the object being looked at is marked.
 */
export function DuplicateHolders({ assessmentId, groupId, currentObjectId }: { assessmentId: number; groupId: number; currentObjectId: number }) {
  const [group, setGroup] = useState<Holders | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (offset: number) =>
    call('duplicates.holders', { assessmentId, groupId, offset, limit: PAGE }).then(
      (page) => setGroup((before) => (before && offset > 0 ? { ...page, rows: [...before.rows, ...page.rows] } : page)),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  useEffect(() => {
    setGroup(null);
    void load(0);
  }, [assessmentId, groupId]);
  if (error) return <p className="error-text small">{error}</p>;
  if (!group) return <p className="muted small">Loading the holders…</p>;
  const open = useFindings.getState().openDrawer;
  return (
    <div className="holders">
      <p className="small">
        <code className="value">{group.value}</code> is held by <strong>{formatNumber(group.holders)}</strong> objects:
      </p>
      <ul className="holder-list" aria-label={`Objects holding ${group.value}`}>
        {group.rows.map((h) => (
          <li key={h.objectId}>
            {h.objectId === currentObjectId ? (
              <span className="dn" aria-current="true">
                {h.dn} <span className="muted">(this object)</span>
              </span>
            ) : (
              <button className="link dn" onClick={() => open(h.objectId)}>
                {h.dn}
              </button>
            )}
          </li>
        ))}
      </ul>
      {group.rows.length < group.holders && (
        <button onClick={() => void load(group.rows.length)}>
          Show {formatNumber(Math.min(PAGE, group.holders - group.rows.length))} more of {formatNumber(group.holders - group.rows.length)}
        </button>
      )}
    </div>
  );
}
