/**
 * What plugs into a run. A new kind of input (a third-party mail directory, a tenant snapshot, a
 * second forest's DC) is a Source, opened by a SourceKind registered in registry.ts; a new way
 * to bind (Kerberos) is an Authenticator, made by a credentials kind registered there too. The
 * types are declared beside the layers below (directory/, engine/), which cannot see this folder;
 * this file is where a new source finds all of them.
 */
export type { DirectoryEvidence, ParallelInput, Source, SourceDescriptor } from '../directory/source.ts';
export type { Authenticator } from '../directory/ldap/authenticator.ts';
export type { ConnectionProfile } from '../directory/ldap/profile.ts';
export type { AssessmentOptions, Progress } from '../engine/assess.ts';
export type { SourceSummary } from '../engine/summary.ts';
