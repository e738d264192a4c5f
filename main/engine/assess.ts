import { rulesReading } from '../../shared/rules/catalogue.ts';
import type { Source } from '../directory/source.ts';
import type { RollupRow } from '../store/findings-grid.ts';
import { HEARTBEAT_MS, type Workspace } from '../store/workspace.ts';
import { BlockBuilder, BlockScratch, type BlockData } from './block.ts';
import { DomainOf, staleCutoff } from './infrastructure.ts';
import type { ObjectEnvironment } from './object-outcome.ts';
import { parallelLdifBlocks } from './parallel-ldif.ts';
import type { AssessmentOptions } from './options.ts';
import { Run } from './run.ts';
import type { AssessmentSummary } from './summary.ts';

/**
 * The engine: the sources of one run, read one after another into one store, through scope and
 * rules, with uniqueness across all of them (several forests sync into one tenant). It knows
 * nothing of the checklist, exceptions or how the run is recorded: main/runs/ does that around it.
 */

export type { AssessmentOptions };

export interface Progress {
  objects: number;
  elapsedMs: number;
  objectsPerSecond: number;
  /** 0..1 when the sources know their size. */
  fraction?: number;
}

export interface EngineControl {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  progressEveryMs?: number;
  /** An interrupted run keeps the rows it read (by default they are removed with the run, to save space). */
  keepPartial?: boolean;
}

export class AssessmentCancelled extends Error {
  override name = 'AssessmentCancelled';
}

/** The engine stopped: `cause` is why; `interrupted` when what was read is a partial run (cancelled, or a live source gone midway). */
export class EngineStopped extends Error {
  override name = 'EngineStopped';
  override readonly cause: unknown;
  readonly interrupted: boolean;
  readonly keptRows: boolean;
  constructor(cause: unknown, interrupted: boolean, keptRows: boolean) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.cause = cause;
    this.interrupted = interrupted;
    this.keptRows = keptRows;
  }
}

export interface EngineResult {
  summary: AssessmentSummary;
  /** The run's findings counted by the grid's columns, as the run stored them. */
  rollup: readonly RollupRow[];
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
  let first = true;
  try {
    for await (const obj of source.objects) {
      // A CSV has said what it holds by its first object (its header): rules it cannot feed are left out.
      if (first && source.descriptor.notExported?.length) withNotExported(env, source.descriptor.notExported);
      first = false;
      builder.addEntry(obj, env);
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

function withNotExported(env: ObjectEnvironment, attributes: readonly string[]): void {
  env.notExported = new Set(attributes.map((a) => a.toLowerCase()));
  env.notAssessed = new Set(rulesReading(env.notExported));
}

/** Bytes of all file sources: the duplicate index is sized from them (one unique value per 150 bytes or more). */
function expectedKeys(sources: readonly Source[]): number | undefined {
  const bytes = sources.reduce((n, s) => n + (s.descriptor.bytes ?? 0), 0);
  return bytes > 0 ? bytes / 150 : undefined;
}

/** Reads every source of run `assessmentId` (already recorded as running) into the store; the run's record is the caller's. */
export async function assessSources(workspace: Workspace, assessmentId: number, sources: readonly Source[], options: AssessmentOptions, control: EngineControl = {}): Promise<EngineResult> {
  const started = Date.now();
  // A large export is read by worker threads, and its rows are stored by a thread of their own.
  const run = new Run(workspace.writer(assessmentId, { thread: sources.some((s) => s.parallel !== undefined) }), options, expectedKeys(sources));
  // The run says it is alive while it is, so another process opening the workspace leaves it be.
  const heartbeat = setInterval(() => workspace.heartbeat(assessmentId), HEARTBEAT_MS);
  heartbeat.unref();
  const fraction = (index: number, source: Source): number | undefined => {
    const own = source.fraction?.();
    return own === undefined ? undefined : (index + own) / sources.length;
  };
  try {
    let lastReport = started;
    for (const [index, source] of sources.entries()) {
      run.beginSource(source.descriptor);
      const env: ObjectEnvironment = { scope: options.scope, ctx: options.ctx, staleBefore: staleCutoff(new Date(source.descriptor.asOf)) };
      for await (const block of blocksOf(source, env, options)) {
        run.mergeBlock(block);
        if (control.signal?.aborted) throw new AssessmentCancelled('the run was cancelled');
        const now = Date.now();
        if (control.onProgress && now - lastReport >= (control.progressEveryMs ?? 1000)) {
          lastReport = now;
          control.onProgress({ objects: run.seen, elapsedMs: now - started, objectsPerSecond: (run.seen * 1000) / Math.max(1, now - started), fraction: fraction(index, source) });
        }
      }
      run.endSource(source.descriptor, source.evidence);
    }
    const summary = run.finish(Date.now() - started);
    return { summary, rollup: run.rollup.rows() };
  } catch (err) {
    const interrupted = err instanceof AssessmentCancelled || (sources.some((s) => s.interruptible === true) && run.seen > 0);
    const keepRows = interrupted && control.keepPartial === true;
    try {
      // Rows still on their way (to the writer thread) land before the run's record is closed.
      run.writer.flush();
      if (keepRows) run.completeDuplicates();
    } catch {
      // What could not be stored is lost with the run; its record still says why it stopped.
    }
    throw new EngineStopped(err, interrupted, keepRows);
  } finally {
    clearInterval(heartbeat);
    run.spill.dispose();
    await run.writer.close();
  }
}
