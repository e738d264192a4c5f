import { useState } from 'react';
import type { Profile, ScanSource } from '../../../shared/api/contract.ts';
import { call } from '../api/client.ts';
import { ExportPathField } from '../components/ExportPathField.tsx';
import { Empty, Panel } from '../components/ui.tsx';
import { currentEngagement, useApp } from '../state/app-store.ts';

/**
 * Several forests or domains of one tenant, assessed as one run: uniqueness is checked across all
 * of them, as Entra Connect syncs them into one tenant, and every finding names its source. The
 * engagement keeps its offline exports; its connection profiles are listed above. A person ticks
 * the ones to read and scans them together.
 */
export function RunSources({ profiles }: { profiles: Profile[] }) {
  const engagement = useApp(currentEngagement);
  const { startScan, refreshEngagements } = useApp();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [path, setPath] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  if (!engagement) return null;
  const files = engagement.exportFiles;
  const keyOf = (s: ScanSource): string => (s.kind === 'ldap' ? `p:${s.profileId}` : s.kind === 'file' ? `f:${s.path}` : 'sample');
  const all: { source: ScanSource; label: string; detail: string }[] = [
    ...profiles.map((p) => ({ source: { kind: 'ldap' as const, profileId: p.id }, label: p.name, detail: `${p.security}://${p.host}:${p.port}${p.password === 'none' ? ', no password held yet' : ''}` })),
    ...files.map((f) => ({ source: { kind: 'file' as const, path: f }, label: f.split(/[\\/]/).pop() ?? f, detail: f })),
  ];
  const chosen = all.filter((s) => picked.has(keyOf(s.source)));
  const toggle = (key: string) =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const saveFiles = async (next: string[]) => {
    try {
      await call('engagements.setExportFiles', { engagementId: engagement.id, files: next });
      await refreshEngagements();
      setMessage(null);
    } catch (err) {
      setMessage({ error: true, text: (err as Error).message });
    }
  };
  return (
    <Panel title="Sources of this engagement">
      <p className="muted">Several forests or domains sync into one tenant: tick each one to read and scan them as one run. Uniqueness is checked across all of them, and every finding names its source.</p>
      {all.length === 0 ? (
        <Empty>No source yet: add a connection profile above, or an export file below.</Empty>
      ) : (
        <ul className="plain-list" aria-label="Sources">
          {all.map((s) => (
            <li key={keyOf(s.source)}>
              <label className="inline">
                <input type="checkbox" checked={picked.has(keyOf(s.source))} onChange={() => toggle(keyOf(s.source))} />
                {s.label} <span className="muted">{s.detail}</span>
              </label>
              {s.source.kind === 'file' && (
                <button className="link" aria-label={`Remove ${s.label} from this engagement`} onClick={() => void saveFiles(files.filter((f) => s.source.kind === 'file' && f !== s.source.path))}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <ExportPathField id="source-file" label="Path of another forest's or domain's export" placeholder="C:\exports\east-forest.ldif" value={path} onChange={setPath} />
        <button
          disabled={!path.trim() || files.includes(path.trim())}
          onClick={async () => {
            await saveFiles([...files, path.trim()]);
            setPicked((p) => new Set([...p, `f:${path.trim()}`]));
            setPath('');
          }}
        >
          Add file
        </button>
      </div>
      <div className="form-actions">
        <button className="primary" disabled={chosen.length === 0} onClick={() => void startScan(...chosen.map((s) => s.source))}>
          {chosen.length <= 1 ? 'Scan the selected source' : `Scan ${chosen.length} sources as one run`}
        </button>
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'muted'}>
          {message.text}
        </p>
      )}
    </Panel>
  );
}
