/**
 * Every channel of the contract by name, without its schemas: the preload exposes exactly these,
 * main registers exactly these, and contract.ts must define a schema for each (checked by types).
 */
export const CHANNELS = Object.freeze([
  'app.info',
  'rules.context',
  'engagements.list',
  'engagements.save',
  'engagements.setExportFiles',
  'engagements.delete',
  'profiles.list',
  'profiles.save',
  'profiles.delete',
  'profiles.test',
  'files.pickExport',
  'scans.start',
  'scans.status',
  'scans.cancel',
  'runs.list',
  'runs.dashboard',
  'findings.page',
  'findings.groups',
  'objects.detail',
  'duplicates.holders',
  'decisions.accept',
  'decisions.exception',
  'decisions.clear',
  'excluded.page',
  'completeness.get',
  'directory.get',
  'checklist.get',
  'checklist.update',
  'reports.export',
  'settings.moveDataFolder',
  'settings.compactWorkspace',
] as const);

export type Channel = (typeof CHANNELS)[number];
