import { useEffect, useState } from 'react';
import type { FindingsFilter } from '../../../shared/api/contract.ts';
import { ERROR_TYPES, SEVERITIES } from '../../../shared/findings.ts';
import { ERROR_TYPE_WORDS, RULES } from '../../../shared/rules/catalogue.ts';
import { SEVERITY_WORDS } from '../../../shared/plan.ts';
import { call } from '../api/client.ts';
import { Empty, formatNumber } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';
import { returnFocusToList, selectionSize, useFindings } from '../state/findings-store.ts';
import { FindingsGrid } from './FindingsGrid.tsx';
import { ObjectDrawer } from './ObjectDrawer.tsx';

type Option<V extends string> = { value: V; label: string };
const CLASSES: Option<'user' | 'contact' | 'group'>[] = [
  { value: 'user', label: 'Users' },
  { value: 'contact', label: 'Contacts' },
  { value: 'group', label: 'Groups' },
];

/** One dropdown of the filter bar; "All" clears its filter. */
function Dropdown<V extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: V | undefined; options: readonly Option<V>[]; onChange(v: V | undefined): void }) {
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const DECISIONS: Option<NonNullable<FindingsFilter['decision']>>[] = [
  { value: 'open', label: 'Open' },
  { value: 'accept', label: 'Fix accepted' },
  { value: 'exception', label: 'Exception' },
];
const GROUPINGS: Option<'rule' | 'ou'>[] = [
  { value: 'rule', label: 'Rule' },
  { value: 'ou', label: 'OU' },
];

function FilterBar() {
  const { filter, setFilter, groupBy, setGroupBy, clearFilters } = useFindings();
  const [text, setText] = useState(filter.text ?? '');
  // Typing waits for a pause before asking main, so each keystroke is not a query.
  useEffect(() => {
    const t = setTimeout(() => text !== (filter.text ?? '') && setFilter({ text }), 300);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  return (
    <div className="filter-bar" role="search" aria-label="Filter findings">
      <div className="filter grow">
        <label htmlFor="f-text">Search name, account, address or value</label>
        <input id="f-text" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. jsmith, smith@fcra.gov or fcra.local" />
      </div>
      <Dropdown id="f-rule" label="Rule" value={filter.ruleId} options={RULES.map((r) => ({ value: r.ruleId, label: `${r.title} (${r.ruleId})` }))} onChange={(ruleId) => setFilter({ ruleId })} />
      <Dropdown id="f-severity" label="Severity" value={filter.severity} options={SEVERITIES.map((v) => ({ value: v, label: SEVERITY_WORDS[v] }))} onChange={(severity) => setFilter({ severity })} />
      <Dropdown id="f-error" label="Error type" value={filter.errorType} options={ERROR_TYPES.map((v) => ({ value: v, label: ERROR_TYPE_WORDS[v] }))} onChange={(errorType) => setFilter({ errorType })} />
      <Dropdown id="f-class" label="Class" value={filter.objectClass} options={CLASSES} onChange={(objectClass) => setFilter({ objectClass })} />
      <Dropdown id="f-decision" label="Decision" value={filter.decision} options={DECISIONS} onChange={(decision) => setFilter({ decision })} />
      <div className="filter">
        <label htmlFor="f-ou">OU</label>
        <input id="f-ou" value={filter.ou ?? ''} onChange={(e) => setFilter({ ou: e.target.value || undefined })} placeholder="OU=…,DC=…" />
      </div>
      <Dropdown id="f-group" label="Group by" value={groupBy === 'none' ? undefined : groupBy} options={GROUPINGS} onChange={(v) => setGroupBy(v ?? 'none')} />
      {Object.keys(filter).length > 0 && (
        <button className="link clear-filters" onClick={clearFilters}>
          Clear filters
        </button>
      )}
    </div>
  );
}

/** Bulk actions over this many findings ask once more, saying how many. */
const CONFIRM_ABOVE = 1000;

function BulkBar({ assessmentId }: { assessmentId: number }) {
  const state = useFindings();
  const { selected, allMatching, except, filter, clearSelection, reload } = state;
  const notify = useApp((s) => s.notify);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState<{ label: string; run(): void } | null>(null);
  const count = selectionSize(state);
  if (!allMatching && selected.size === 0) return null;
  const target = allMatching ? { assessmentId, matching: { filter, except: [...except] } } : { assessmentId, findingIds: [...selected] };
  const counted = count === null ? 'every matching finding' : `${formatNumber(count)} finding${count === 1 ? '' : 's'}`;
  const act = (label: string, work: () => Promise<{ changed: number }>, what: string) => {
    const run = async () => {
      setPending(null);
      try {
        const { changed } = await work();
        notify('info', `${formatNumber(changed)} findings ${what}.`);
        clearSelection();
        await reload();
        returnFocusToList();
      } catch (err) {
        notify('error', err instanceof Error ? err.message : String(err));
      }
    };
    if (count === null || count > CONFIRM_ABOVE) setPending({ label: `${label} for ${counted}?`, run: () => void run() });
    else void run();
  };
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Actions on the selected findings">
      <strong>{allMatching ? `All ${count === null ? 'matching' : formatNumber(count)} selected` : `${formatNumber(selected.size)} selected`}</strong>
      {pending ? (
        <span className="confirm" role="alert">
          {pending.label}{' '}
          <button className="primary" onClick={pending.run} autoFocus>
            Confirm
          </button>{' '}
          <button className="link" onClick={() => setPending(null)}>
            Keep
          </button>
        </span>
      ) : (
        <>
          <button onClick={() => act('Accept the suggestions', () => call('decisions.accept', target), 'accepted with their suggested values')}>Accept suggestions</button>
          <label htmlFor="bulk-reason" className="sr-only">
            Reason for the exception
          </label>
          <input id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason for an exception" />
          <button disabled={!reason.trim()} onClick={() => act('Mark as exceptions', () => call('decisions.exception', { ...target, reason: reason.trim() }), 'marked as exceptions')}>
            Mark as exceptions
          </button>
          <button onClick={() => act('Clear the decisions', () => call('decisions.clear', target), 'cleared')}>Clear decisions</button>
          <button className="link" onClick={clearSelection}>
            Unselect
          </button>
        </>
      )}
    </div>
  );
}

function Groups() {
  const { groups, groupBy, setFilter } = useFindings();
  if (groupBy === 'none') return null;
  return (
    <nav className="groups" aria-label={`Findings grouped by ${groupBy}`}>
      <ul>
        {groups.map((g) => (
          <li key={g.key}>
            <button className="link" onClick={() => setFilter(groupBy === 'rule' ? { ruleId: g.key } : { ou: g.key })}>
              {g.label}
            </button>{' '}
            <span className="count">{formatNumber(g.count)}</span>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The empty state says why and what to do next, instead of an empty grid. */
function NothingMatches() {
  const { filter, clearFilters } = useFindings();
  const filtered = Object.keys(filter).length > 0;
  return (
    <div className="empty-state" role="status">
      {filtered ? (
        <>
          <p>No finding matches these filters.</p>
          <button onClick={clearFilters}>Clear filters</button>
        </>
      ) : (
        <p>This run has no findings: nothing in its scope needs fixing before synchronization.</p>
      )}
    </div>
  );
}

export function Findings() {
  const assessmentId = useApp((s) => s.assessmentId);
  const { reset, total, totalIsExact, drawerObjectId } = useFindings();
  useEffect(() => {
    if (assessmentId !== null) reset(assessmentId);
  }, [assessmentId]);
  if (assessmentId === null) return <Empty>No completed run yet.</Empty>;
  return (
    <div className="screen findings-screen">
      <h1>
        Findings <span className="muted" aria-live="polite">{totalIsExact ? formatNumber(total) : `${formatNumber(total)}+`} matching</span>
      </h1>
      <FilterBar />
      <BulkBar assessmentId={assessmentId} />
      <div className="findings-body">
        <Groups />
        {total === 0 && totalIsExact ? <NothingMatches /> : <FindingsGrid />}
        {drawerObjectId !== null && <ObjectDrawer assessmentId={assessmentId} objectId={drawerObjectId} />}
      </div>
    </div>
  );
}
