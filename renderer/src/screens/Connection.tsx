import { useEffect, useRef, useState } from 'react';
import type { Profile, ProfileInput } from '../../../shared/api/contract.ts';
import { call } from '../api/client.ts';
import { ExportPathField } from '../components/ExportPathField.tsx';
import { RunSources } from './RunSources.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { Empty, Field, FormGrid, Panel, Pill, linesOf } from '../components/ui.tsx';
import { useApp } from '../state/app-store.ts';

const DEFAULT_PORTS = { ldaps: 636, starttls: 389, plain: 389 } as const;
const GC_PORTS = { ldaps: 3269, starttls: 3268, plain: 3268 } as const;

type Draft = Omit<ProfileInput, 'engagementId'> & { caText: string; basesText: string; excludesText: string };

const blank = (): Draft => ({ name: '', host: '', port: 636, security: 'ldaps', globalCatalog: false, bindUser: '', caFiles: [], bases: [], excludes: [], pageSize: 1000, timeoutSeconds: 30, caText: '', basesText: '', excludesText: '' });
const toDraft = (p: Profile): Draft => ({ ...p, caText: p.caFiles.join('\n'), basesText: p.bases.join('\n'), excludesText: p.excludes.join('\n') });

/** The profile's fields as the form names them, for messages about them. */
const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  host: 'Domain controller host',
  port: 'Port',
  bindUser: 'Bind as',
  pageSize: 'Page size',
  timeoutSeconds: 'Timeout',
  bases: 'Search bases',
  excludes: 'OUs to leave out',
  caFiles: 'CA certificates',
};

/**
 * A refusal of the API's argument check ("profiles.save: profile.name: Too small: …"), said as the
 * form would say it ("Name is required"); any other message as it is.
 */
function problemInWords(message: string): string {
  const m = /^[\w.]+: profile\.(\w+)(?:\.\d+)?: (.*)$/.exec(message);
  if (!m) return message;
  const field = FIELD_NAMES[m[1]!] ?? m[1]!;
  const why = m[2]!;
  if (/^Too small: expected string/.test(why)) return `${field} is required.`;
  if (/^Too big: expected string/.test(why)) return `${field} is too long.`;
  if (/^Too (small|big): expected number to be (>=|<=)(\d+)/.test(why)) {
    const [, , op, n] = /^Too (small|big): expected number to be (>=|<=)(\d+)/.exec(why)!;
    return `${field} must be ${op === '>=' ? 'at least' : 'at most'} ${n}.`;
  }
  if (/expected number/.test(why)) return `${field} must be a number.`;
  return `${field}: ${why}`;
}

function ImportExport() {
  const startScan = useApp((s) => s.startScan);
  const [path, setPath] = useState('');
  return (
    <Panel title="Assess an offline export">
      <p className="muted">For sites where the workbench may not connect: an LDIF file from ldifde or ldapsearch, or a CSV from csvde or Export-Csv.</p>
      <div className="row">
        <ExportPathField id="export-path" label="Export file" placeholder="C:\exports\directory.ldif" value={path} onChange={setPath} />
        <button className="primary" disabled={!path.trim()} onClick={() => void startScan({ kind: 'file', path: path.trim() })}>
          Assess file
        </button>
      </div>
    </Panel>
  );
}

export function Connection() {
  const { engagementId, startScan } = useApp();
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [draft, setDraft] = useState<Draft>(blank());
  const [editingId, setEditingId] = useState<number | undefined>();
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; message: string; details: string[] } | 'testing' | null>(null);
  // What the last Save or Test said, beside the buttons, in words; cleared by the next success.
  const [formError, setFormError] = useState<string | null>(null);
  const feedback = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (test || formError) feedback.current?.scrollIntoView({ block: 'nearest' });
  }, [test, formError]);

  const refresh = async () => engagementId !== null && setProfiles(await call('profiles.list', { engagementId }));
  useEffect(() => {
    void refresh();
  }, [engagementId]);

  if (engagementId === null) return <Empty>Open an engagement on Home first.</Empty>;
  const patch = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));
  const setSecurity = (security: Draft['security'], gc = draft.globalCatalog) => patch({ security, globalCatalog: gc, port: (gc ? GC_PORTS : DEFAULT_PORTS)[security] });

  const save = async (): Promise<Profile | undefined> => {
    try {
      const { caText, basesText, excludesText, ...rest } = draft;
      const profile = { ...rest, id: editingId, engagementId, caFiles: linesOf(caText), bases: linesOf(basesText), excludes: linesOf(excludesText) };
      const saved = await call('profiles.save', { profile, password: password || undefined, rememberPassword: remember });
      // The password went to main; the form forgets it at once.
      setPassword('');
      setEditingId(saved.id);
      setFormError(null);
      await refresh();
      return saved;
    } catch (err) {
      setTest(null);
      setFormError(`Not saved: ${problemInWords(err instanceof Error ? err.message : String(err))}`);
      return undefined;
    }
  };

  return (
    <div className="screen">
      <h1>Connection</h1>
      <div className="columns">
        <Panel title="Connection profiles" actions={<button onClick={() => (setDraft(blank()), setEditingId(undefined), setTest(null))}>New profile</button>}>
          {profiles.length === 0 ? (
            <Empty>No profile yet.</Empty>
          ) : (
            <ul className="list">
              {profiles.map((p) => (
                <li key={p.id}>
                  <button className="link" onClick={() => (setDraft(toDraft(p)), setEditingId(p.id), setTest(null))}>
                    {p.name}
                  </button>{' '}
                  <span className="muted">
                    {p.security}://{p.host}:{p.port}
                  </span>{' '}
                  {p.security === 'plain' && <Pill tone="poor">insecure</Pill>} <Pill tone="none">password: {p.password}</Pill>{' '}
                  <ConfirmButton
                    label="Remove"
                    confirmLabel={`Remove ${p.name}`}
                    onConfirm={async () => {
                      await call('profiles.delete', { id: p.id });
                      if (editingId === p.id) {
                        setDraft(blank());
                        setEditingId(undefined);
                      }
                      await refresh();
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel title={editingId ? `Edit profile: ${draft.name}` : 'New profile'}>
          <FormGrid onSubmit={save}>
            <Field id="p-name" label="Name">
              <input id="p-name" required value={draft.name} onChange={(e) => patch({ name: e.target.value })} />
            </Field>
            <Field id="p-host" label="Domain controller host">
              <input id="p-host" required value={draft.host} onChange={(e) => patch({ host: e.target.value })} placeholder="dc01.agency.local" />
            </Field>
            <fieldset className="field">
              <legend>Security</legend>
              {(['ldaps', 'starttls', 'plain'] as const).map((s) => (
                <label key={s} className="inline">
                  <input type="radio" name="security" checked={draft.security === s} onChange={() => setSecurity(s)} /> {s === 'ldaps' ? 'LDAPS (recommended)' : s === 'starttls' ? 'StartTLS' : 'Plain LDAP (insecure)'}
                </label>
              ))}
            </fieldset>
            <label className="inline">
              <input type="checkbox" checked={draft.globalCatalog} onChange={(e) => setSecurity(draft.security, e.target.checked)} /> Global Catalog (forest-wide read)
            </label>
            <Field id="p-port" label="Port">
              <input id="p-port" type="number" min={1} max={65535} value={draft.port} onChange={(e) => patch({ port: Number(e.target.value) })} />
            </Field>
            <Field id="p-bind" label="Bind as" hint="user@domain, DOMAIN\user or a DN">
              <input id="p-bind" required value={draft.bindUser} onChange={(e) => patch({ bindUser: e.target.value })} aria-describedby="p-bind-hint" />
            </Field>
            <Field id="p-password" label="Password" hint="Sent to the workbench's main process and never shown again.">
              <input id="p-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="p-password-hint" />
            </Field>
            <label className="inline">
              <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember with the OS keyring
            </label>
            <Field id="p-ca" label="CA certificate files to trust" hint="One PEM file per line, in addition to the OS store.">
              <textarea id="p-ca" rows={2} value={draft.caText} onChange={(e) => patch({ caText: e.target.value })} />
            </Field>
            <Field id="p-bases" label="Search bases" hint="One DN per line; empty means the whole domain.">
              <textarea id="p-bases" rows={2} value={draft.basesText} onChange={(e) => patch({ basesText: e.target.value })} />
            </Field>
            <Field id="p-excludes" label="OUs to leave out">
              <textarea id="p-excludes" rows={2} value={draft.excludesText} onChange={(e) => patch({ excludesText: e.target.value })} />
            </Field>
            <div className="row">
              <Field id="p-page" label="Page size">
                <input id="p-page" type="number" min={1} max={5000} value={draft.pageSize} onChange={(e) => patch({ pageSize: Number(e.target.value) })} />
              </Field>
              <Field id="p-timeout" label="Timeout (s)">
                <input id="p-timeout" type="number" min={1} max={600} value={draft.timeoutSeconds} onChange={(e) => patch({ timeoutSeconds: Number(e.target.value) })} />
              </Field>
            </div>
            <div className="form-actions">
              <button type="submit">Save</button>
              <button
                type="button"
                onClick={async () => {
                  const saved = await save();
                  if (!saved) return;
                  setTest('testing');
                  setTest(await call('profiles.test', { profileId: saved.id }));
                }}
              >
                Test connection
              </button>
              <button
                type="button"
                className="primary"
                onClick={async () => {
                  const saved = await save();
                  if (saved) await startScan({ kind: 'ldap', profileId: saved.id });
                }}
              >
                Scan now
              </button>
            </div>
          </FormGrid>
          <div ref={feedback}>
            {formError && (
              <p role="alert" className="error-text">
                {formError}
              </p>
            )}
            {test === 'testing' && <p role="status">Testing…</p>}
            {test && test !== 'testing' && (
              <div role="status" className={`test-result ${test.ok ? 'ok' : 'bad'}`}>
                <strong>{test.ok ? 'Connected' : 'Could not connect'}:</strong> {test.message}
                {test.details.length > 0 && (
                  <ul>
                    {test.details.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </div>
        </Panel>
      </div>
      <RunSources profiles={profiles} />
      <ImportExport />
    </div>
  );
}
