import { useState } from 'react';
import { CLOUD_NAMES, type Engagement } from '../../../shared/api/contract.ts';
import { CloudSelect } from '../components/CloudSelect.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { Empty, Field, FormGrid, formatWhen, linesOf, Panel, TableHead } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';

function NewEngagement() {
  const saveEngagement = useApp((s) => s.saveEngagement);
  const selectEngagement = useApp((s) => s.selectEngagement);
  const notify = useApp((s) => s.notify);
  const [customer, setCustomer] = useState('');
  const [cloud, setCloud] = useState<Engagement['cloud']>('gcc-high');
  const [domains, setDomains] = useState('');
  const submit = async () => {
    try {
      const e = await saveEngagement({ customer, cloud, tenantDomains: linesOf(domains), routableSuffixes: [], scope: { includeOus: [], excludeOus: [], filter: null, excludeDisabled: false } });
      setCustomer('');
      setDomains('');
      await selectEngagement(e.id);
    } catch (err) {
      notify('error', err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <FormGrid onSubmit={submit}>
      <Field id="new-customer" label="Customer">
        <input id="new-customer" value={customer} required onChange={(e) => setCustomer(e.target.value)} placeholder="Agency or organisation" />
      </Field>
      <CloudSelect id="new-cloud" value={cloud} onChange={setCloud} />
      <Field id="new-domains" label="Tenant domains" hint="One per line; verified or to be verified in the tenant.">
        <textarea id="new-domains" rows={2} value={domains} onChange={(e) => setDomains(e.target.value)} aria-describedby="new-domains-hint" />
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={!customer.trim()}>
          Create engagement
        </button>
      </div>
    </FormGrid>
  );
}

export function Home() {
  const { engagements, engagementId, runs, selectEngagement, openSample, go, selectRun, deleteEngagement } = useApp();
  return (
    <div className="screen">
      <div className="hero">
        <div>
          <h1>AD Readiness Workbench</h1>
          <p className="lead">What in Active Directory must be fixed before it can synchronize to Microsoft 365 US Government, and how ready it is.</p>
        </div>
        <button className="primary big" onClick={() => void openSample()}>
          Open the sample directory
        </button>
      </div>
      <div className="columns">
        <Panel title="Engagements">
          {engagements.length === 0 ? (
            <Empty>No engagement yet. Create one, or open the sample directory.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Cloud</th>
                  <th scope="col">Runs</th>
                  <th scope="col">Readiness</th>
                  <th scope="col">
                    <span className="sr-only">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {engagements.map((e) => (
                  <tr key={e.id} aria-selected={e.id === engagementId} className={e.id === engagementId ? 'current' : ''}>
                    <td>{e.customer}</td>
                    <td>{CLOUD_NAMES[e.cloud]}</td>
                    <td>{e.runs}</td>
                    <td>{e.lastScore === null ? '–' : e.lastScore.toFixed(1)}</td>
                    <td className="actions">
                      <button onClick={() => void selectEngagement(e.id)} aria-label={`Open ${e.customer}`}>
                        Open
                      </button>{' '}
                      <ConfirmButton label="Delete" confirmLabel={`Delete ${e.customer}`} onConfirm={() => void deleteEngagement(e.id)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>New engagement</h3>
          <NewEngagement />
        </Panel>
        <Panel title="Recent runs">
          {engagementId === null ? (
            <Empty>Open an engagement to see its runs.</Empty>
          ) : runs.length === 0 ? (
            <Empty>
              No run yet. <button className="link" onClick={() => go('connection')}>Connect to a directory or import an export</button>.
            </Empty>
          ) : (
            <table className="table runs">
              <TableHead columns={['Run', 'Started', 'Source', 'Status', 'Readiness']} />
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.status === 'completed' ? (
                        <button
                          className="link"
                          onClick={() => {
                            selectRun(r.id);
                            go('dashboard');
                          }}
                        >
                          #{r.id}
                        </button>
                      ) : (
                        `#${r.id}`
                      )}
                    </td>
                    <td>{formatWhen(r.startedAt)}</td>
                    <td className="truncate" title={r.sourceLabel}>
                      {r.sourceLabel}
                    </td>
                    <td title={r.error ?? ''}>{r.status}</td>
                    <td>{(r.adjusted?.scores.overall ?? r.scores?.overall)?.toFixed(1) ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
    </div>
  );
}
