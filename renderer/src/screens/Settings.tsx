import { useState } from 'react';
import type { Engagement } from '../../../shared/api/contract.ts';
import { call } from '../api/client.ts';
import { CloudSelect } from '../components/CloudSelect.tsx';
import { Empty, Field, FormGrid, Panel, linesOf } from '../components/ui.tsx';
import { currentEngagement, useApp } from '../state/app-store.ts';

function EngagementSettings({ engagement }: { engagement: Engagement }) {
  const { saveEngagement, notify } = useApp();
  const [form, setForm] = useState(() => ({
    customer: engagement.customer,
    cloud: engagement.cloud,
    tenantDomains: engagement.tenantDomains.join('\n'),
    routableSuffixes: engagement.routableSuffixes.join('\n'),
    includeOus: engagement.scope.includeOus.join('\n'),
    excludeOus: engagement.scope.excludeOus.join('\n'),
    filter: engagement.scope.filter ?? '',
    excludeDisabled: engagement.scope.excludeDisabled,
  }));
  const patch = (p: Partial<typeof form>) => setForm((f) => ({ ...f, ...p }));
  const save = async () => {
    try {
      await saveEngagement({
        id: engagement.id,
        customer: form.customer,
        cloud: form.cloud,
        tenantDomains: linesOf(form.tenantDomains),
        routableSuffixes: linesOf(form.routableSuffixes),
        scope: { includeOus: linesOf(form.includeOus), excludeOus: linesOf(form.excludeOus), filter: form.filter.trim() || null, excludeDisabled: form.excludeDisabled },
      });
      notify('info', 'Saved. The next run uses these settings.');
    } catch (err) {
      notify('error', (err as Error).message);
    }
  };
  const area = (id: keyof typeof form, label: string, hint: string) => (
    <Field id={`s-${id}`} label={label} hint={hint}>
      <textarea id={`s-${id}`} rows={3} value={String(form[id])} onChange={(e) => patch({ [id]: e.target.value })} aria-describedby={`s-${id}-hint`} />
    </Field>
  );
  return (
    <FormGrid className="two" onSubmit={save}>
      <Field id="s-customer" label="Customer">
        <input id="s-customer" value={form.customer} onChange={(e) => patch({ customer: e.target.value })} required />
      </Field>
      <CloudSelect id="s-cloud" value={form.cloud} onChange={(cloud) => patch({ cloud })} />
      {area('tenantDomains', 'Tenant domains', 'One per line. Addresses outside them are reported as unverified.')}
      {area('routableSuffixes', 'Extra routable suffixes', 'One per line, for private suffixes you know resolve publicly.')}
      {area('includeOus', 'Include only these OUs', 'One DN per line; empty means everything.')}
      {area('excludeOus', 'Leave out these OUs', 'One DN per line.')}
      <Field id="s-filter" label="Scope filter (LDAP)" hint="RFC 4515, e.g. (!(department=Contractors))">
        <input id="s-filter" value={form.filter} onChange={(e) => patch({ filter: e.target.value })} aria-describedby="s-filter-hint" />
      </Field>
      <label className="inline">
        <input type="checkbox" checked={form.excludeDisabled} onChange={(e) => patch({ excludeDisabled: e.target.checked })} /> Leave out disabled user accounts
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          Save settings
        </button>
      </div>
    </FormGrid>
  );
}

/** Moves the workspace to another folder (an encrypted drive, a project share); the app restarts on it. */
function MoveDataFolder() {
  const notify = useApp((s) => s.notify);
  return (
    <button
      className="link"
      onClick={async () => {
        try {
          const moved = await call('settings.moveDataFolder', {});
          notify('info', moved.folder ? `The workspace now lives in ${moved.folder}; the workbench restarts there.` : 'The data folder was not changed.');
        } catch (err) {
          notify('error', (err as Error).message);
        }
      }}
    >
      Move…
    </button>
  );
}

/** Gives back the space of failed and interrupted runs; the result shows beside the button. */
function CompactWorkspace() {
  const [state, setState] = useState<{ busy: boolean; message?: string; error?: boolean }>({ busy: false });
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  return (
    <>
      <button
        className="link"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true });
          try {
            const r = await call('settings.compactWorkspace', {});
            setState({ busy: false, message: `Compacted from ${mb(r.before)} to ${mb(r.after)}: ${r.runsCleared === 1 ? 'one run' : `${r.runsCleared} runs`} that did not complete lost their rows (their records stay).` });
          } catch (err) {
            setState({ busy: false, message: (err as Error).message, error: true });
          }
        }}
      >
        {state.busy ? 'Compacting…' : 'Compact'}
      </button>
      {state.message && (
        <span role={state.error ? 'alert' : 'status'} className={state.error ? 'error-text' : 'muted'}>
          {' '}
          {state.message}
        </span>
      )}
    </>
  );
}

export function Settings() {
  const info = useApp((s) => s.info);
  const engagement = useApp(currentEngagement);
  return (
    <div className="screen">
      <h1>Settings</h1>
      <Panel title="Engagement">{engagement ? <EngagementSettings key={engagement.id} engagement={engagement} /> : <Empty>Open an engagement on Home first.</Empty>}</Panel>
      {info && (
        <Panel title="This workbench">
          <dl className="facts">
            <div>
              <dt>Version</dt>
              <dd>
                {info.tool.name} {info.tool.version}
              </dd>
            </div>
            <div>
              <dt>Data folder</dt>
              <dd>
                <code>{info.dataFolder}</code> <MoveDataFolder />
              </dd>
            </div>
            <div>
              <dt>Workspace file</dt>
              <dd>
                <code>{info.workspaceFile}</code> <CompactWorkspace />
              </dd>
            </div>
            <div>
              <dt>Passwords</dt>
              <dd>{info.secretStorage === 'keyring' ? 'Remembered passwords are encrypted by the OS keyring.' : 'No OS keyring: passwords are kept in memory for this session only.'}</dd>
            </div>
            <div>
              <dt>TLD list</dt>
              <dd>
                {info.tldList.package} {info.tldList.version} ({info.tldList.count} TLDs{info.tldList.date ? `, ${info.tldList.date}` : ''}), shipped inside the app
              </dd>
            </div>
          </dl>
        </Panel>
      )}
    </div>
  );
}
