import type { DashboardView } from '../../../shared/api/views.ts';
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
          {view.overall.projected !== null && view.overall.projected !== view.overall.adjusted && (
            <p className="projection">
              With the decisions taken since this run, the next run would score <strong>{view.overall.projected.toFixed(1)}</strong>.
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
        <Panel title="Top issues by objects affected">
          {view.topRules.length === 0 ? (
            <Empty>No findings.</Empty>
          ) : (
            <table className="table">
              <TableHead columns={['Rule', 'Severity', 'Objects']} />
              <tbody>
                {view.topRules.map((r) => (
                  <tr key={`${r.ruleId}-${r.severity}`}>
                    <td>
                      <button className="link" onClick={() => showRule(r.ruleId)}>
                        {r.title}
                      </button>
                      <div className="muted small">{r.ruleId}</div>
                    </td>
                    <td>
                      <span className={`sev sev-${r.severity}`}>{r.severity}</span>
                    </td>
                    <td>{formatNumber(r.affectedObjects)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
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
