import { rdnValue } from '../../../shared/dn.ts';
import { useEffect, useMemo, useState } from 'react';
import type { FindingRowView } from '../../../shared/api/contract.ts';
import type { ObjectDetail } from '../../../shared/api/views.ts';
import { ruleById } from '../../../shared/rules/catalogue.ts';
import { call } from '../api/client.ts';
import { problemsWith, routingFor } from '../components/suggestion-check.ts';
import { currentEngagement, useApp } from '../state/app-store.ts';
import { useFindings } from '../state/findings-store.ts';
import { DuplicateHolders } from './DuplicateHolders.tsx';

function Decision({ finding, assessmentId, onChange }: { finding: FindingRowView; assessmentId: number; onChange(): void }) {
  const tlds = useApp((s) => s.tlds);
  const engagement = useApp(currentEngagement);
  const notify = useApp((s) => s.notify);
  const [value, setValue] = useState(finding.decision?.newValue ?? finding.suggestedValue ?? finding.value ?? '');
  const [reason, setReason] = useState(finding.decision?.reason ?? '');
  const ctx = useMemo(() => routingFor(tlds, engagement?.routableSuffixes ?? [], engagement?.tenantDomains ?? []), [tlds, engagement]);
  const problems = value.trim() ? problemsWith(finding.attribute, value, ctx) : ['A value is required'];
  const editable = finding.value !== null || finding.suggestedValue !== null;
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      onChange();
    } catch (err) {
      notify('error', err instanceof Error ? err.message : String(err));
    }
  };
  const rule = ruleById(finding.ruleId);
  const inputId = `fix-${finding.id}`;
  return (
    <li className={`finding-card sev-border-${finding.severity}`}>
      <div className="finding-head">
        <span className={`sev sev-${finding.severity}`}>{finding.severity}</span> <strong>{rule.title}</strong> <code>{finding.ruleId}</code>
        {finding.decision && <span className={`pill pill-${finding.decision.kind === 'accept' ? 'good' : 'fair'}`}>{finding.decision.kind === 'accept' ? 'fix accepted' : 'exception'}</span>}
      </div>
      <p className="small">{rule.why}</p>
      <p className="small">
        <strong>How to fix:</strong> {rule.fix}
      </p>
      {finding.value !== null && (
        <p className="small">
          Value: <code className="value">{finding.value}</code>
        </p>
      )}
      {finding.duplicate && <DuplicateHolders assessmentId={assessmentId} groupId={finding.duplicate.groupId} currentObjectId={finding.objectId} />}
      {editable && (
        <div className="fix-editor">
          <label htmlFor={inputId}>Value to apply to {finding.attribute}</label>
          <input id={inputId} value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={problems.length > 0} aria-describedby={`${inputId}-check`} />
          <div id={`${inputId}-check`} className={problems.length ? 'error-text small' : 'ok-text small'} role="status">
            {problems.length ? `Still fails: ${problems.join('; ')}` : 'Passes every value rule'}
          </div>
          <button className="primary" disabled={problems.length > 0} onClick={() => void act(() => call('decisions.accept', { assessmentId, findingIds: [finding.id], newValue: value.trim() }))}>
            Accept this value
          </button>
        </div>
      )}
      <div className="fix-editor">
        <label htmlFor={`${inputId}-reason`}>Reason for an exception</label>
        <input id={`${inputId}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why this finding is acceptable" />
        <button disabled={!reason.trim()} onClick={() => void act(() => call('decisions.exception', { assessmentId, findingIds: [finding.id], reason: reason.trim() }))}>
          Mark as exception
        </button>
        {finding.decision && <button onClick={() => void act(() => call('decisions.clear', { assessmentId, findingIds: [finding.id] }))}>Clear decision</button>}
      </div>
    </li>
  );
}

/** AD's times are 100-ns intervals since 1601 (FILETIME): shown as the date they mean beside the number. */
const FILETIME_ATTRIBUTES = new Set(['lastlogontimestamp', 'lastlogon', 'pwdlastset', 'accountexpires', 'badpasswordtime', 'lockouttime']);
const FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000n;

function dateOf(attribute: string, value: string): string | null {
  if (!FILETIME_ATTRIBUTES.has(attribute.toLowerCase()) || !/^\d{15,19}$/.test(value)) return null;
  const ticks = BigInt(value);
  // 0 and the largest value both mean "never".
  if (ticks === 0n || ticks >= 0x7fffffffffffffffn) return 'never';
  const ms = Number((ticks - FILETIME_EPOCH_OFFSET) / 10_000n);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : null;
}

export function ObjectDrawer({ assessmentId, objectId }: { assessmentId: number; objectId: number }) {
  const [detail, setDetail] = useState<ObjectDetail | null>(null);
  const close = () => useFindings.getState().openDrawer(null);
  const load = () => call('objects.detail', { assessmentId, objectId }).then(setDetail, () => setDetail(null));
  useEffect(() => {
    void load();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [assessmentId, objectId]);
  const changed = () => {
    void load();
    void useFindings.getState().reload();
  };
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title">
      <header className="drawer-head">
        <h2 id="drawer-title">{detail ? rdnValue(detail.dn) || detail.dn : 'Object'}</h2>
        <button onClick={close} aria-label="Close the object drawer" autoFocus>
          Close
        </button>
      </header>
      {detail && (
        <div className="drawer-body">
          <p className="small">
            <code className="dn">{detail.dn}</code>
            <br />
            {detail.objectClass}, {detail.inScope ? 'in scope' : `excluded: ${detail.excludedReason}`}
          </p>
          <h3>Findings ({detail.findings.length})</h3>
          <ul className="finding-cards">
            {detail.findings.map((f) => (
              <Decision key={`${f.id}-${f.decision?.kind ?? ''}`} finding={f} assessmentId={assessmentId} onChange={changed} />
            ))}
          </ul>
          <h3>All attributes</h3>
          <table className="table attrs">
            <tbody>
              {Object.entries(detail.attributes).map(([k, vs]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>
                    {vs.map((v, i) => (
                      <div key={i} className="value">
                        {v.length > 200 ? `${v.slice(0, 200)}… (${v.length} characters)` : v}
                        {dateOf(k, v) && <span className="muted small"> ({dateOf(k, v)})</span>}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </aside>
  );
}
