import { once } from 'node:events';
import module from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FindingRow, ObjectRow, RowSink } from './row-inserter.ts';

/** What the writer thread is started with. */
export interface RowWriterSetup {
  path: string;
  assessmentId: number;
  /** [batches sent and not yet committed, 1 once a batch failed]. */
  state: Int32Array;
  /** Where the writer reports why it failed. */
  failures: MessagePort;
}

export const PENDING = 0;
export const FAILED = 1;

const WORKER_URL = new URL('./row-writer-worker.ts', import.meta.url);

/** What this thread sends the writer: rows, or the word to commit what it holds. */
export type RowWriterMessage = { objects: ObjectRow[]; findings: FindingRow[] } | 'commit' | 'close';

/**
 * Hands a run's rows to a thread with its own connection to the workspace, which inserts them
 * while this thread goes on reading and assessing: at a million objects the inserts are a fifth
 * of the run's work, and most of what remains once the last object is read.
 *
 * Rows go over in small batches, as they come, into a transaction the writer keeps open and
 * commits every ROWS_PER_TRANSACTION rows: so the writer works evenly along the run, and little is
 * left for it to insert once the last object is read, while commits stay as few as ever.
 *
 * It is synchronous for its caller, like `RowInserter`. Some batches may be in flight; beyond
 * that, and in `settle`, this thread waits (Atomics.wait) for the writer, so memory stays bounded
 * and the workspace's own connection can write once `settle` returns. SQLite allows one writer at a
 * time: the caller writes nothing else to the workspace between `write` and `settle`.
 */
export class ThreadRowSink implements RowSink {
  private readonly path: string;
  private readonly assessmentId: number;
  private worker: Worker | undefined;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly failures: MessagePort;
  private readonly writerEnd: MessagePort;
  private failure: string | undefined;
  /** Whether rows went over since the writer was last told to commit. */
  private uncommitted = false;
  readonly batchRows = 500;
  /** Batches sent and not yet stored: about as many rows as a transaction holds. */
  private static readonly MAX_IN_FLIGHT = 16;

  constructor(path: string, assessmentId: number) {
    this.path = path;
    this.assessmentId = assessmentId;
    ({ port1: this.failures, port2: this.writerEnd } = new MessageChannel());
  }

  write(objects: ObjectRow[], findings: FindingRow[]): void {
    this.post({ objects, findings });
    this.uncommitted = true;
  }

  private post(message: RowWriterMessage): void {
    this.waitUntil((pending) => pending < ThreadRowSink.MAX_IN_FLIGHT);
    Atomics.add(this.state, PENDING, 1);
    this.started().postMessage(message);
  }

  /**
   * The thread starts with the first batch, not with the run: the first seconds of a run belong to
   * the threads warming up to read it, and a run with few rows never needs the writer at all.
   */
  private started(): Worker {
    if (!this.worker) {
      const cacheDir = module.getCompileCacheDir();
      const setup: RowWriterSetup = { path: this.path, assessmentId: this.assessmentId, state: this.state, failures: this.writerEnd };
      this.worker = new Worker(WORKER_URL, {
        workerData: setup,
        transferList: [this.writerEnd],
        env: cacheDir ? { ...process.env, NODE_COMPILE_CACHE: cacheDir } : process.env,
      });
    }
    return this.worker;
  }

  settle(): void {
    if (this.uncommitted) {
      this.post('commit');
      this.uncommitted = false;
    }
    this.waitUntil((pending) => pending === 0);
  }

  /** Lets the writer close its connection and waits for the thread to end. */
  async close(): Promise<void> {
    if (this.worker) {
      const exited = once(this.worker, 'exit');
      this.worker.postMessage('close' satisfies RowWriterMessage);
      await exited;
    } else {
      this.writerEnd.close();
    }
    this.failures.close();
  }

  private waitUntil(done: (pending: number) => boolean): void {
    for (;;) {
      if (Atomics.load(this.state, FAILED) !== 0) {
        this.failure ??= (receiveMessageOnPort(this.failures)?.message as string | undefined) ?? 'the writer thread stopped';
        throw new Error(`could not store the run's findings: ${this.failure}`);
      }
      const pending = Atomics.load(this.state, PENDING);
      if (done(pending)) return;
      Atomics.wait(this.state, PENDING, pending);
    }
  }
}
