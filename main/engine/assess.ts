import type { DirectoryObject } from '../../shared/directory-object.ts';
import type { RoutingContext } from '../../shared/rules/address.ts';
import type { UserScope } from '../../shared/rules/scope.ts';
import type { DirectoryEvidence } from '../directory/ldap/discover.ts';
import type { Workspace } from '../store/workspace.ts';
import { HEARTBEAT_MS } from '../store/workspace.ts';
import { TOOL } from '../version.ts';
import { BlockBuilder, BlockScratch, type BlockData } from './block.ts';
import { DomainOf, staleCutoff } from './infrastructure.ts';
import { assessObject, type ObjectEnvironment } from './object-outcome.ts';
import { parallelLdifBlocks, type ParallelLdif } from './parallel-ldif.ts';
import { Run } from './run.ts';
import { evaluateChecklist } from '../checklist/evaluate.ts';
import { rescoreWithChecklist, type AssessmentSummary, type SourceDescriptor } from './summary.ts';

export interface AssessmentOptions {
  scope: UserScope;
  /** The scope as a person wrote it (OUs, filter text), stored with the run. */
  scopeDescription: Record<string, unknown>;
  routableSuffixes: string[];
  tenantDomains: string[];
  cloud: 'gcc' | 'gcc-high' | 'dod';
  ctx: RoutingContext;
}

export interface Progress {
  objects: number;
  elapsedMs: number;
  objectsPerSecond: number;
  /** 0..1 when the source knows its size. */
  fraction?: number;
}

export interface Source {
  descriptor: SourceDescriptor;
  objects: AsyncIterable<DirectoryObject>;
  fraction?: () => number;
  /** Set for LDIF files large enough to be read by parallel workers instead of `objects`. */
  parallel?: ParallelLdif;
  /** A live source: a failure after reading began (server gone) leaves an interrupted run with what was read. */
  interruptible?: boolean;
  /** A live source's RootDSE, configuration and schema, once it has connected. */
  evidence?: DirectoryEvidence;
}

export interface RunControl {
  /** Called once the run is recorded, before reading starts (the app ties it to an engagement). */
  onStart?: (assessmentId: number) => void;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  progressEveryMs?: number;
  /** An interrupted run keeps the rows it read (by default they are removed with the run, to save space). */
  keepPartial?: boolean;
}

export class AssessmentCancelled extends Error {
  override name = 'AssessmentCancelled';
}

const BLOCK_ENTRIES = 2000;

/** The source's entries as blocks, in source order: from parallel workers for large LDIF files, else read here. */
async function* blocksOf(source: Source, env: ObjectEnvironment, options: AssessmentOptions): AsyncGenerator<BlockData> {
  if (source.parallel) {
    yield* parallelLdifBlocks(source.parallel, options, env.staleBefore);
    return;
  }
  const domains = new DomainOf();
  const scratch = new BlockScratch();
  let builder = new BlockBuilder(domains, scratch);
  try {
    for await (const obj of source.objects) {
      builder.add(assessObject(obj, env));
      if (builder.size >= BLOCK_ENTRIES) {
        yield builder.build();
        builder = new BlockBuilder(domains, scratch);
      }
    }
  } catch (err) {
    // A live source that fails midway keeps what it read: hand over the partial block first.
    if (source.interruptible && builder.size > 0) yield builder.build();
    throw err;
  }
  if (builder.size > 0) yield builder.build();
}

/** One run: stream the source through scope and rules into the store, then uniqueness and scores. */
export async function assess(workspace: Workspace, source: Source, options: AssessmentOptions, control: RunControl = {}): Promise<{ assessmentId: number; summary: AssessmentSummary }> {
  const started = Date.now();
  const id = workspace.beginAssessment({
    sourceKind: source.descriptor.kind,
    sourceLabel: source.descriptor.label,
    source: source.descriptor,
    options: { scope: options.scopeDescription, routableSuffixes: options.routableSuffixes, tenantDomains: options.tenantDomains, cloud: options.cloud },
    toolVersion: TOOL.version,
  });
  // An export holds one unique value (UPN, mail, proxy, nickname…) per 150 bytes or more; an
  // underestimate only means the index grows, as it would anyway.
  control.onStart?.(id);
  // A large export is read by worker threads, and its rows are stored by a thread of their own.
  const run = new Run(workspace.writer(id, { thread: source.parallel !== undefined }), options, source.descriptor.bytes ? source.descriptor.bytes / 150 : undefined, source.descriptor.path ?? source.descriptor.label);
  const env: ObjectEnvironment = { scope: options.scope, ctx: options.ctx, staleBefore: staleCutoff(new Date(source.descriptor.asOf)) };
  // The run says it is alive while it is, so another process opening the workspace leaves it be.
  const heartbeat = setInterval(() => workspace.heartbeat(id), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    let lastReport = started;
    for await (const block of blocksOf(source, env, options)) {
      run.mergeBlock(block);
      if (control.signal?.aborted) throw new AssessmentCancelled('the run was cancelled');
      const now = Date.now();
      if (control.onProgress && now - lastReport >= (control.progressEveryMs ?? 1000)) {
        lastReport = now;
        control.onProgress({ objects: run.seen, elapsedMs: now - started, objectsPerSecond: (run.seen * 1000) / Math.max(1, now - started), fraction: source.fraction?.() });
      }
    }
    const summary = run.finish(source.descriptor, Date.now() - started, source.evidence);
    rescoreWithChecklist(summary, evaluateChecklist(workspace.db, id, options.cloud, summary));
    workspace.completeAssessment(id, summary, run.rollup.rows());
    return { assessmentId: id, summary };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const interrupted = err instanceof AssessmentCancelled || (source.interruptible === true && run.seen > 0);
    const keepRows = interrupted && control.keepPartial === true;
    try {
      // Rows still on their way (to the writer thread) land before the run's record is closed.
      run.writer.flush();
      if (keepRows) run.completeDuplicates();
    } catch {
      // What could not be stored is lost with the run; its record still says why it stopped.
    }
    try {
      workspace.endAssessment(id, interrupted ? 'interrupted' : 'failed', message, keepRows);
    } catch {
      // A full disk can refuse this too: the run then stays "running" until recovery marks it
      // interrupted. The cause the person needs is the first failure, not this one.
    }
    throw err;
  } finally {
    clearInterval(heartbeat);
    run.spill.dispose();
    await run.writer.close();
  }
}

