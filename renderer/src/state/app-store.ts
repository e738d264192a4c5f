import { create } from 'zustand';
import type { Engagement, EngagementInput, RunView, ScanSource, ScanStatus } from '../../../shared/api/contract.ts';
import type { AppInfo } from '../../../shared/api/views.ts';
import { call } from '../api/client.ts';

export type Screen = 'home' | 'connection' | 'scan' | 'dashboard' | 'findings' | 'objects' | 'excluded' | 'completeness' | 'directory' | 'checklist' | 'reports' | 'settings';

interface AppState {
  info: AppInfo | null;
  screen: Screen;
  engagements: Engagement[];
  engagementId: number | null;
  runs: RunView[];
  assessmentId: number | null;
  scan: ScanStatus | null;
  /** A message for the person, shown in the status bar until dismissed. */
  notice: { kind: 'error' | 'info'; text: string } | null;
  tlds: ReadonlySet<string>;
  init(): Promise<void>;
  go(screen: Screen): void;
  notify(kind: 'error' | 'info', text: string): void;
  refreshEngagements(): Promise<void>;
  selectEngagement(id: number): Promise<void>;
  saveEngagement(e: EngagementInput): Promise<Engagement>;
  deleteEngagement(id: number): Promise<void>;
  refreshRuns(): Promise<void>;
  selectRun(id: number): void;
  /** One run of the given sources, read in order (several forests or domains are one run). */
  startScan(...sources: ScanSource[]): Promise<void>;
  cancelScan(): Promise<void>;
  openSample(): Promise<void>;
}

export const SAMPLE_CUSTOMER = 'Sample: Federal Coastal Resilience Agency';
const POLL_MS = 250;

export const currentEngagement = (s: AppState): Engagement | undefined => s.engagements.find((e) => e.id === s.engagementId);

export const useApp = create<AppState>((set, get) => {
  /** Any failed call ends here: the person sees what went wrong, the app keeps going. */
  const guard = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      get().notify('error', err instanceof Error ? err.message : String(err));
    }
  };

  const poll = (scanId: number): void => {
    const tick = async (): Promise<void> => {
      const scan = await call('scans.status', { scanId });
      set({ scan });
      if (scan.state === 'running') {
        setTimeout(() => void guard(tick), POLL_MS);
        return;
      }
      await get().refreshRuns();
      await get().refreshEngagements();
      if (scan.state === 'completed' && scan.assessmentId !== null) {
        set({ assessmentId: scan.assessmentId, screen: 'dashboard' });
      } else {
        get().notify('error', `The scan ${scan.state === 'cancelled' ? 'was cancelled' : 'did not finish'}: ${scan.error ?? 'unknown reason'}. Earlier runs are untouched.`);
      }
    };
    void guard(tick);
  };

  return {
    info: null,
    screen: 'home',
    engagements: [],
    engagementId: null,
    runs: [],
    assessmentId: null,
    scan: null,
    notice: null,
    tlds: new Set(),
    init: () =>
      guard(async () => {
        const [info, rules] = await Promise.all([call('app.info', {}), call('rules.context', {})]);
        set({ info, tlds: new Set(rules.tlds) });
        await get().refreshEngagements();
      }),
    go: (screen) => set({ screen, notice: null }),
    notify: (kind, text) => set({ notice: { kind, text } }),
    refreshEngagements: async () => set({ engagements: await call('engagements.list', {}) }),
    selectEngagement: (id) =>
      guard(async () => {
        set({ engagementId: id, assessmentId: null, runs: [] });
        await get().refreshRuns();
        const latest = get().runs.find((r) => r.status === 'completed');
        set({ assessmentId: latest?.id ?? null });
      }),
    saveEngagement: async (e) => {
      const saved = await call('engagements.save', e);
      await get().refreshEngagements();
      return saved;
    },
    deleteEngagement: (id) =>
      guard(async () => {
        await call('engagements.delete', { id });
        if (get().engagementId === id) set({ engagementId: null, assessmentId: null, runs: [] });
        await get().refreshEngagements();
        get().notify('info', 'Engagement deleted. Its runs stay in the workspace, under no engagement.');
      }),
    refreshRuns: async () => {
      const id = get().engagementId;
      set({ runs: id === null ? [] : await call('runs.list', { engagementId: id }) });
    },
    selectRun: (id) => set({ assessmentId: id }),
    startScan: (...sources) =>
      guard(async () => {
        const engagementId = get().engagementId;
        if (engagementId === null) throw new Error('Choose or create an engagement first.');
        const { scanId } = await call('scans.start', { engagementId, sources });
        set({ screen: 'scan', scan: { scanId, state: 'running', objects: 0, objectsPerSecond: 0, elapsedMs: 0, fraction: null, etaMs: null, assessmentId: null, error: null } });
        poll(scanId);
      }),
    cancelScan: () =>
      guard(async () => {
        const scan = get().scan;
        if (scan) set({ scan: await call('scans.cancel', { scanId: scan.scanId }) });
      }),
    openSample: () =>
      guard(async () => {
        let sample = get().engagements.find((e) => e.customer === SAMPLE_CUSTOMER);
        sample ??= await get().saveEngagement({
          customer: SAMPLE_CUSTOMER,
          cloud: 'gcc-high',
          tenantDomains: ['fcra.gov'],
          routableSuffixes: [],
          scope: { includeOus: [], excludeOus: [], filter: null, excludeDisabled: false },
        });
        await get().selectEngagement(sample.id);
        await get().startScan({ kind: 'sample' });
      }),
  };
});
