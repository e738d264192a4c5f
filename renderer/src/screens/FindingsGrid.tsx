import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FindingRowView } from '../../../shared/api/contract.ts';
import { rdnValue } from '../../../shared/dn.ts';
import { ruleTitle } from '../../../shared/rules/catalogue.ts';
import { formatNumber } from '../components/ui.tsx';
import { isSelected, PAGE_SIZE, useFindings, type SortKey } from '../state/findings-store.ts';

const ROW_HEIGHT = 34;
const OVERSCAN = 10;
/**
 * Never more rows in the DOM than this, whatever height the layout gives the grid: a grid left
 * to grow with its content (a small window's layout) would otherwise draw every row and freeze.
 */
const MAX_RENDERED = 120;

const COLUMNS: { key: SortKey | null; label: string; className: string }[] = [
  { key: 'severity', label: 'Severity', className: 'c-sev' },
  { key: 'rule', label: 'Rule', className: 'c-rule' },
  { key: 'dn', label: 'Object', className: 'c-dn' },
  { key: 'attribute', label: 'Attribute', className: 'c-attr' },
  { key: null, label: 'Value', className: 'c-value' },
  { key: null, label: 'Suggested', className: 'c-sugg' },
  { key: null, label: 'Decision', className: 'c-dec' },
];

function Row({ row, index, active, selected }: { row: FindingRowView | undefined; index: number; active: boolean; selected: boolean }) {
  const { toggleSelected, openDrawer } = useFindings.getState();
  if (!row) {
    return (
      <div className="grid-row loading" role="row" aria-rowindex={index + 2} style={{ top: index * ROW_HEIGHT }}>
        <div role="gridcell" className="c-all">
          Loading…
        </div>
      </div>
    );
  }
  // The object's name unescaped ("Guest, Anna", not "CN=Guest\\"); the whole DN on hover.
  const rdn = rdnValue(row.dn) || row.dn;
  const accepted = row.decision?.kind === 'accept' ? row.decision.newValue : null;
  const title = ruleTitle(row.ruleId);
  return (
    <div
      id={`finding-row-${index}`}
      className={`grid-row ${active ? 'active' : ''} ${selected ? 'selected' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={{ top: index * ROW_HEIGHT }}
      onDoubleClick={() => openDrawer(row.objectId)}
    >
      <div role="gridcell" className="c-check">
        <input type="checkbox" tabIndex={-1} checked={selected} onChange={() => toggleSelected(row.id)} aria-label={`Select ${row.ruleId} on ${rdn}`} />
      </div>
      {/* The rule in words; its id (what files and exceptions use) on hover. */}
      <div role="gridcell" className="c-sev" title={title}>
        <span className={`sev sev-${row.severity}`}>{row.severity}</span>
      </div>
      <div role="gridcell" className="c-rule" title={`${title} (${row.ruleId})`} data-rule={row.ruleId}>
        {title}
      </div>
      <div role="gridcell" className="c-dn" title={row.dn}>
        <button className="link" tabIndex={-1} onClick={() => openDrawer(row.objectId)}>
          {rdn}
        </button>
      </div>
      <div role="gridcell" className="c-attr">
        {row.attribute}
      </div>
      <div role="gridcell" className="c-value" title={row.value ?? ''}>
        {row.duplicate && (
          <button className="holders-count" tabIndex={-1} onClick={() => openDrawer(row.objectId)} aria-label={`${formatNumber(row.duplicate.holders)} holders: open the objects holding this value`}>
            {formatNumber(row.duplicate.holders)} holders
          </button>
        )}
        {row.value ?? <span className="muted">–</span>}
      </div>
      {/* An accepted value is what will be applied: it shows instead of the engine's suggestion. */}
      <div role="gridcell" className="c-sugg" title={accepted ?? row.suggestedValue ?? ''}>
        {accepted !== null ? <strong className="accepted-value">{accepted}</strong> : (row.suggestedValue ?? '')}
      </div>
      <div role="gridcell" className="c-dec">
        {row.decision ? <span className={`pill pill-${row.decision.kind === 'accept' ? 'good' : 'fair'}`}>{row.decision.kind === 'accept' ? 'accepted' : 'exception'}</span> : ''}
      </div>
    </div>
  );
}

/**
 * Only the rows in view exist in the DOM, and only their pages are asked of main: a million
 * findings scroll like a hundred. Arrow keys move, Space selects, Enter opens the object.
 */
export function FindingsGrid() {
  const state = useFindings();
  const { pages, total, totalIsExact, sort, descending, allMatching, except, setSort, ensurePage, toggleSelected, selectAllMatching, openDrawer, generation } = state;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    setActive(0);
    viewport.current?.scrollTo({ top: 0 });
  }, [generation]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN, first + MAX_RENDERED - 1);
  useEffect(() => {
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(Math.max(first, last) / PAGE_SIZE); p++) void ensurePage(p);
  }, [first, last, generation]);

  const rowAt = (i: number) => pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  const move = (to: number) => {
    const next = Math.max(0, Math.min(total - 1, to));
    setActive(next);
    const el = viewport.current;
    if (!el) return;
    // The header stays at the top of the scroller, over the rows: a row is in view below it.
    const header = el.querySelector<HTMLElement>('.grid-header')?.offsetHeight ?? 0;
    if (next * ROW_HEIGHT < el.scrollTop) el.scrollTop = next * ROW_HEIGHT;
    else if (header + (next + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = header + (next + 1) * ROW_HEIGHT - el.clientHeight;
  };
  const onKey = (e: KeyboardEvent) => {
    const pageRows = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + pageRows),
      PageUp: () => move(active - pageRows),
      Home: () => move(0),
      End: () => move(total - 1),
      ' ': () => {
        const r = rowAt(active);
        if (r) toggleSelected(r.id);
      },
      Enter: () => {
        const r = rowAt(active);
        if (r) openDrawer(r.objectId);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const rows = [];
  for (let i = first; i <= last; i++) rows.push(<Row key={i} index={i} row={rowAt(i)} active={i === active} selected={rowAt(i) ? isSelected(state, rowAt(i)!.id) : false} />);
  const matching = totalIsExact ? formatNumber(total) : `${formatNumber(total)}+`;

  return (
    <div className="grid">
      {/* The scroller is the grid: it holds the focus, names the active row, and owns every row. */}
      <div
        className="grid-viewport"
        ref={viewport}
        role="grid"
        aria-label="Findings"
        aria-rowcount={total + 1}
        aria-multiselectable="true"
        aria-describedby="grid-keys"
        tabIndex={0}
        // Only a row that is drawn can be the active descendant (an id that is not there is invalid ARIA).
        aria-activedescendant={total > 0 && active >= first && active <= last ? `finding-row-${active}` : undefined}
        onKeyDown={onKey}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="grid-header" role="row" aria-rowindex={1}>
          <div role="columnheader" className="c-check">
            <input
              type="checkbox"
              aria-label={`Select all ${matching} matching findings`}
              disabled={total === 0}
              checked={allMatching && except.size === 0}
              ref={(el) => {
                if (el) el.indeterminate = allMatching && except.size > 0;
              }}
              onChange={(e) => selectAllMatching(e.target.checked)}
            />
          </div>
          {COLUMNS.map((c) => (
            <div key={c.label} role="columnheader" className={c.className} aria-sort={c.key === sort ? (descending ? 'descending' : 'ascending') : undefined}>
              {c.key ? (
                <button className="sort" onClick={() => setSort(c.key!)}>
                  {c.label} {c.key === sort ? (descending ? '▼' : '▲') : ''}
                </button>
              ) : (
                c.label
              )}
            </div>
          ))}
        </div>
        <div className="grid-canvas" role="rowgroup" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
      <p id="grid-keys" className="sr-only">
        {`${totalIsExact ? formatNumber(total) : `More than ${formatNumber(total)}`} findings; arrow keys move, Space selects, Enter opens the object`}
      </p>
    </div>
  );
}
