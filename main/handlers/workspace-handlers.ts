import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Profile, ProfileInput } from '../../shared/api/contract.ts';
import { discover } from '../directory/ldap/discover.ts';
import { passwordAuthenticator } from '../directory/ldap/authenticator.ts';
import { connect } from '../directory/ldap/connect.ts';
import { LdapConnectionError } from '../directory/ldap/errors.ts';
import type { ConnectionProfile } from '../directory/ldap/profile.ts';
import { routingTlds, tldListInfo } from '../engine/routing.ts';
import { deleteEngagement, deleteProfile, getEngagement, getProfile, listEngagements, listProfiles, NotFound, saveEngagement, saveProfile, setExportFiles } from '../store/engagements.ts';
import { TOOL } from '../version.ts';
import type { HandlerContext, HandlerGroup } from './context.ts';

type Channels = 'settings.moveDataFolder' | 'settings.compactWorkspace' | 'engagements.setExportFiles' | 'app.info' | 'rules.context' | 'engagements.list' | 'engagements.save' | 'engagements.delete' | 'profiles.list' | 'profiles.save' | 'profiles.delete' | 'profiles.test';

export function toConnectionProfile(p: ProfileInput): ConnectionProfile {
  return {
    host: p.host,
    port: p.port,
    security: p.security,
    bindUser: p.bindUser,
    caFiles: p.caFiles,
    globalCatalog: p.globalCatalog,
    bases: p.bases,
    excludes: p.excludes,
    pageSize: p.pageSize,
    timeoutMs: p.timeoutSeconds * 1000,
  };
}

export function workspaceHandlers(ctx: HandlerContext): HandlerGroup<Channels> {
  const db = ctx.workspace.db;
  const view = (p: ProfileInput & { id: number }): Profile => ({ ...p, password: ctx.secrets.where(p.id) });
  return {
    // The workspace is copied (a consistent backup, WAL included) unless the new folder already has one, then the app restarts on it.
    'settings.moveDataFolder': async () => {
      if (ctx.scans.running) throw new Error('Wait for the running scan to finish before moving the data folder.');
      const folder = await ctx.host.pickDataFolder(ctx.dataFolder);
      if (folder === null || resolve(folder) === resolve(ctx.dataFolder)) return { folder: null, restarting: false };
      mkdirSync(folder, { recursive: true });
      const target = join(folder, 'workspace.sqlite');
      if (!existsSync(target)) await ctx.workspace.db.backup(target);
      ctx.host.useDataFolder(folder);
      return { folder, restarting: true };
    },
    // Rows of runs that did not complete go, and the file gives their space back to the disk.
    'settings.compactWorkspace': () => {
      if (ctx.scans.running) throw new Error('Wait for the running scan to finish before compacting the workspace.');
      return ctx.workspace.compact();
    },
    'app.info': () => ({ tool: TOOL, tldList: tldListInfo(), dataFolder: ctx.dataFolder, workspaceFile: ctx.workspace.path, secretStorage: ctx.secrets.storage }),
    'rules.context': () => ({ tlds: routingTlds() }),
    'engagements.list': () => listEngagements(db),
    'engagements.save': (e) => getEngagement(db, saveEngagement(db, e))!,
    'engagements.setExportFiles': ({ engagementId, files }) => {
      setExportFiles(db, engagementId, files);
      return getEngagement(db, engagementId)!;
    },
    'engagements.delete': ({ id }) => ({ deleted: deleteEngagement(db, id) }),
    'profiles.list': ({ engagementId }) => listProfiles(db, engagementId).map(view),
    'profiles.save': ({ profile, password, rememberPassword }) => {
      const id = saveProfile(db, profile);
      if (password !== undefined && password !== '') ctx.secrets.put(id, password, rememberPassword);
      return view(getProfile(db, id)!);
    },
    'profiles.delete': ({ id }) => {
      ctx.secrets.forget(id);
      return { deleted: deleteProfile(db, id) };
    },
    'profiles.test': async ({ profileId }) => {
      const profile = getProfile(db, profileId);
      if (!profile) throw new NotFound(`connection profile ${profileId}`);
      const password = ctx.secrets.get(profileId);
      if (password === undefined) return { ok: false, message: 'Enter the password first: none is held for this profile.', details: [] };
      try {
        const target = toConnectionProfile(profile);
        const client = await connect(target, passwordAuthenticator(target.bindUser, password, target.security === 'plain'));
        try {
          const e = await discover(client);
          return {
            ok: true,
            message: `Connected to ${e.dnsHostName ?? profile.host} and bound as ${profile.bindUser}.`,
            details: [
              `Domain: ${e.defaultNamingContext ?? 'unknown'}`,
              `Forest functional level: ${e.forestLevel ?? 'unknown'}, domain: ${e.domainLevel ?? 'unknown'}`,
              `Schema version: ${e.schemaVersion ?? 'unknown'}; Exchange schema: ${e.exchangeSchemaVersion ?? 'absent'}`,
              `Domain controllers: ${e.domainControllers.map((d) => d.name + (d.readOnly ? ' (RODC)' : '')).join(', ') || 'none found'}`,
            ],
          };
        } finally {
          await client.unbind().catch(() => undefined);
        }
      } catch (err) {
        if (!(err instanceof LdapConnectionError)) throw err;
        const c = err.certificate;
        const details = c ? [`Subject: ${c.subject}`, `Issuer: ${c.issuer}`, `Valid: ${c.validFrom} to ${c.validTo}`, `SHA-256: ${c.sha256}`] : [];
        return { ok: false, message: err.message, details };
      }
    },
  };
}
