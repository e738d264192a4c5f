import { useState } from 'react';
import type { DashboardView } from '../../../shared/api/views.ts';
import { pointsText, SEVERITY_WORDS, WORK_MODEL_TEXT, workInWords, type PlanItem } from '../../../shared/plan.ts';
import { call } from '../api/client.ts';
import { ScoreBar, ScoreRing, TrendChart } from '../components/charts.tsx';
import { Empty, formatNumber, Panel, Pill, TableHead } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';
import { useRunView } from '../state/use-run-view.ts';
import { useFindings } from '../state/findings-store.ts';
import { CLOUD_NAMES } from '../../../shared/api/contract.ts';

function delta(now: number | null | undefined, before: number | null | undefined): string {
  if (now == null || before == null) return '';
  const d = now - before;
  return d === 0 ? ' (no change)' : ` (${d > 0 ? '+' : ''}${d.toFixed(1)} since the previous run)`;
}

function categoryDetail(c: DashboardView['categories'][number]): string {
  if (c.adjustedScore === null) return 'Not assessed yet';
  if (c.category === 'checklist') return 'Share of the applicable checklist items done (under way counts half): see Checklist';
  return c.lost.length ? `Most points lost: ${c.lost.slice(0, 2).map((l) => `${l.source} −${l.points}`).join(', ')}` : 'No points lost';
}

/** How many fixes the plan shows before "Show all". */
const PLAN_SHOWN = 8;

/**
 * The Dashboard leads with the plan: what blocks synchronization, one fix per rule, then the
 * rest, each ordered by readiness points regained per object touched, with the work it takes.
 */
function FixPlan({ plan, onShow }: { plan: PlanItem[]; onShow(ruleId: string): void }) {
  const [all, setAll] = useState(false);
  if (plan.length === 0) return null;
  const blocking = plan.filter((p) => p.blocksSync);
  const shown = all ? plan : plan.slice(0, Math.max(PLAN_SHOWN, blocking.length));
  const sum = (items: PlanItem[], key: 'objects' | 'minutes') => items.reduce((n, p) => n + p[key], 0);
  return (
    <Panel title="What to fix, in order">
      <p className="plan-lead">
        {blocking.length === 0
          ? 'Nothing blocks synchronization. The fixes below improve what users get in the cloud, in order of points regained per object touched.'
          : `${blocking.length} fix${blocking.length === 1 ? '' : 'es'} over ${formatNumber(sum(blocking, 'objects'))} objects block${blocking.length === 1 ? 's' : ''} synchronization: ${workInWords(sum(blocking, 'minutes'))} of work. Then the rest, in order of points regained per object touched.`}
      </p>
      <ol className="plan">
        {shown.map((p) => (
          <li key={p.ruleId} className={p.blocksSync ? 'plan-item blocking' : 'plan-item'}>
            <div className="plan-head">
              <span className={`sev sev-${p.severity}`}>{SEVERITY_WORDS[p.severity]}</span>{' '}
              <button className="link" onClick={() => onShow(p.ruleId)}>
                {p.title}
              </button>
            </div>
            <div className="small">{p.action}</div>
            <div className="muted small">
              {formatNumber(p.objects)} object{p.objects === 1 ? '' : 's'} · {pointsText(p.points)} points · {workInWords(p.minutes)}
              {p.suggested > 0 && ` · ${formatNumber(p.suggested)} of ${formatNumber(p.findings)} with a suggested value`}
              {p.decided > 0 && ` · ${formatNumber(p.decided)} of ${formatNumber(p.findings)} decided`}
            </div>
          </li>
        ))}
      </ol>
      {plan.length > shown.length && (
        <button className="link" onClick={() => setAll(true)}>
          Show all {plan.length} fixes
        </button>
      )}
      <p className="muted small">{WORK_MODEL_TEXT}</p>
    </Panel>
  );
}

export function Dashboard() {
  const { assessmentId, go } = useApp();
  const [view] = useRunView((id) => call('runs.dashboard', { assessmentId: id }));
  if (assessmentId === null) return <Empty>No completed run yet for this engagement.</Empty>;
  if (!view) return <p role="status">Loading…</p>;
  const showRule = (ruleId: string) => {
    const f = useFindings.getState();
    f.reset(assessmentId);
    f.setFilter({ ruleId, severity: undefined, errorType: undefined, objectClass: undefined, ou: undefined, text: undefined });
    go('findings');
  };
  const prev = view.previous;
  const prevOverall = prev ? (prev.adjusted?.scores.overall ?? prev.scores?.overall) : null;
  return (
    <div className="screen">
      <h1>
        Dashboard <span className="muted">run #{view.run.id}, {CLOUD_NAMES[view.cloud]}</span>
      </h1>
      <div className="dash-top">
        <ScoreRing score={view.overall.adjusted} label="Overall readiness" />
        <div className="dash-verdict">
          {view.readiness.status === 'not-assessed' ? (
            <Pill tone="poor">Not assessed</Pill>
          ) : view.readyToSynchronize ? (
            <Pill tone="good">Ready to synchronize</Pill>
          ) : (
            <Pill tone="poor">{view.readiness.status === 'incomplete' ? 'Incomplete data: not called ready' : `Not ready: ${formatNumber(view.totals.blockers)} blockers`}</Pill>
          )}
          {view.readiness.reason && <p className="readiness-reason">{view.readiness.reason}</p>}
          {view.coverageNotes.map((note) => (
            <p key={note} className="coverage-note muted small">
              {note}
            </p>
          ))}
          <p className="muted">
            {formatNumber(view.totals.objects)} objects, {formatNumber(view.totals.inScope)} in scope, {formatNumber(view.totals.excluded)} excluded by the sync rules;{' '}
            {formatNumber(view.totals.findings)} findings.
            {delta(view.overall.adjusted, prevOverall)}
          </p>
          {prev && (prev.sourceLabel !== view.run.sourceLabel || prev.settings !== view.run.settings) && (
            <p className="compare-warning small" role="note">
              The previous run (#{prev.id}) {prev.sourceLabel !== view.run.sourceLabel ? `read other sources (${prev.sourceLabel})` : 'read the same sources'}
              {prev.settings !== view.run.settings ? ` and was computed for ${prev.settings}` : ''}: the change compares different things.
            </p>
          )}
          {view.overall.projected !== null && view.overall.projected !== view.overall.adjusted && (
            <p className="projection">
              With the decisions and checklist items changed since this run, the next run would score <strong>{view.overall.projected.toFixed(1)}</strong>{' '}
              <span className="muted small">(a projection: this run&apos;s score stays as recorded)</span>.
            </p>
          )}
          {view.totals.excepted > 0 && (
            <p className="muted small">
              {formatNumber(view.totals.excepted)} findings marked as exceptions are left out of the scores (engine score with them: {view.overall.score?.toFixed(1)}). The
              counts below are the findings as found.
            </p>
          )}
          <ul className="severity-counts" aria-label="Findings by severity, as found">
            {(['blocker', 'error', 'warning', 'info'] as const).map((s) => (
              <li key={s} className={`sev-${s}`}>
                <strong>{formatNumber(view.bySeverity[s])}</strong> {s}
              </li>
            ))}
          </ul>
        </div>
        <Panel title="Trend across runs">
          <TrendChart points={view.trend} />
        </Panel>
      </div>
      <FixPlan plan={view.plan} onShow={showRule} />
      <div className="columns">
        <Panel title="Scores by category">
          {view.categories.map((c) => (
            <ScoreBar
              key={c.category}
              label={`${c.title} (weight ${Math.round(c.weight * 100)}%)`}
              score={c.adjustedScore}
              detail={categoryDetail(c)}
            />
          ))}
        </Panel>
      </div>
      {view.sources.length > 1 && (
        <Panel title={`${view.sources.length} sources, assessed as one run`}>
          <p className="muted small">Uniqueness was checked across all of them, as Entra Connect syncs them into one tenant: a value held in two sources is a duplicate in both.</p>
          <table className="table">
            <TableHead columns={['Source', 'Objects', 'In scope', 'Excluded', 'Findings', 'Blockers']} />
            <tbody>
              {view.sources.map((src) => (
                <tr key={src.id}>
                  <td>
                    {src.label} <span className="muted small">{src.kind}</span>
                  </td>
                  <td>{formatNumber(src.objects)}</td>
                  <td>{formatNumber(src.inScope)}</td>
                  <td>{formatNumber(src.excluded)}</td>
                  <td>{formatNumber(src.findings)}</td>
                  <td>{formatNumber(src.blockers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      )}
      <Panel title="How the scores are computed">
        <p className="small">
          Each category starts at 100. A rule costs 100 × severity weight × affected objects ÷ the category's population (severity weights:{' '}
          {Object.entries(view.weights.severity)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}
          ). The overall score is the weighted mean of the assessed categories (
          {Object.entries(view.weights.category)
            .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
            .join(', ')}
          ). Fixing a finding never lowers a score. TLD list: {view.tldList.package} {view.tldList.version}
          {view.tldList.date ? ` (${view.tldList.date})` : ''}.
        </p>
      </Panel>
    </div>
  );
}
