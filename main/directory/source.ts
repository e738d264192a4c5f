import type { DirectoryObject } from '../../shared/directory-object.ts';
import type { DirectoryEvidence } from './ldap/discover.ts';

/**
 * What a run reads: a stream of directory objects with what is known of where they came from.
 * Declared here, beside the sources that produce it, so the engine can consume it without knowing
 * the run layer; main/runs/ports.ts gathers it with the registry a new kind of source plugs into.
 * The kind is open: an LDIF export, a CSV, the sample, a live DC, and whatever is registered next.
 */
export interface SourceDescriptor {
  /** Registered kind ('ldif', 'csv', 'sample', 'ldap', …). */
  kind: string;
  label: string;
  path?: string;
  bytes?: number;
  sha256?: string;
  /**
   * The moment the data describes (ISO 8601): when the export file was last written, the sample's
   * fixed date, or when a live scan was opened. Account ages (stale logons) are counted back from
   * it, so an export assessed months later reads as it did on the day it was taken.
   */
  asOf: string;
  /** What `asOf` was taken from, in words (--as-of, the newest whenChanged, the file's time, the scan's start). */
  asOfBasis?: string;
  /** Live sources: where and how (never the password). */
  host?: string;
  port?: number;
  security?: string;
  bindUser?: string;
  /** How the bind proves who it is ('password'; later 'kerberos'), never the secret itself. */
  authentication?: string;
  globalCatalog?: boolean;
  bases?: string[];
  excludes?: string[];
  /**
   * Attributes the workbench reads that this export does not hold at all (a CSV without their
   * columns): the rules on them are not assessed for its objects. Unset: whatever each entry holds.
   */
  notExported?: string[];
  /** Records of an export that are not entries, read past (plain ldapsearch output's search references and result trailers). */
  skippedRecords?: { references: number; trailers: number };
}

/** Large LDIF files are read by worker threads instead of `objects` (engine/parallel-ldif.ts). */
export interface ParallelInput {
  file: string;
  chunks: AsyncIterable<Buffer>;
}

export interface Source {
  descriptor: SourceDescriptor;
  objects: AsyncIterable<DirectoryObject>;
  fraction?: () => number;
  /** Set for LDIF files large enough to be read by parallel workers instead of `objects`. */
  parallel?: ParallelInput;
  /** A live source: a failure after reading began (server gone) leaves an interrupted run. */
  interruptible?: boolean;
  /** A live source's RootDSE, configuration and schema, once it has connected. */
  evidence?: DirectoryEvidence;
}

export type { DirectoryEvidence };
