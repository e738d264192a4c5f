import type { ScanSource } from '../../shared/api/contract.ts';
import { getEngagement, getProfile, NotFound } from '../store/engagements.ts';
import type { HandlerContext, HandlerGroup } from './context.ts';
import type { SourceSpec } from '../runs/registry.ts';
import { toConnectionProfile } from './workspace-handlers.ts';

type Channels = 'files.pickExport' | 'scans.start' | 'scans.status' | 'scans.cancel';

export class NeedsPassword extends Error {
  override name = 'NeedsPassword';
}

export function scanHandlers(ctx: HandlerContext): HandlerGroup<Channels> {
  const db = ctx.workspace.db;
  /** What the scan worker opens: a profile becomes its connection and the password the vault holds (it never went to the page). */
  const specOf = (source: ScanSource): SourceSpec => {
    if (source.kind !== 'ldap') return source;
    const profile = getProfile(db, source.profileId);
    if (!profile) throw new NotFound(`connection profile ${source.profileId}`);
    const password = ctx.secrets.get(source.profileId);
    if (password === undefined) throw new NeedsPassword(`Enter the password of ${profile.bindUser} in the connection profile "${profile.name}" first.`);
    return { kind: 'ldap', profile: toConnectionProfile(profile), credentials: { method: 'password', password } };
  };
  const status = (scanId: number) => {
    const s = ctx.scans.status(scanId);
    if (!s) throw new NotFound(`scan ${scanId}`);
    return s;
  };
  return {
    'files.pickExport': async () => ({ path: await ctx.host.pickExportFile() }),
    'scans.start': ({ engagementId, sources }) => {
      const e = getEngagement(db, engagementId);
      if (!e) throw new NotFound(`engagement ${engagementId}`);
      const scanId = ctx.scans.start({
        dbPath: ctx.workspace.path,
        engagementId,
        sources: sources.map(specOf),
        cloud: e.cloud,
        tenantDomains: e.tenantDomains,
        routableSuffixes: e.routableSuffixes,
        scope: e.scope,
      });
      return { scanId };
    },
    'scans.status': ({ scanId }) => status(scanId),
    'scans.cancel': ({ scanId }) => {
      ctx.scans.cancel(scanId);
      return status(scanId);
    },
  };
}
