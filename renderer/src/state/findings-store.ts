import { create } from 'zustand';
import type { FINDING_SORTS, FindingRowView, FindingsFilter } from '../../../shared/api/contract.ts';
import { call } from '../api/client.ts';

export const PAGE_SIZE = 100;
export type SortKey = (typeof FINDING_SORTS)[number];
export type GroupBy = 'none' | 'rule' | 'ou';

interface FindingsState {
  assessmentId: number | null;
  filter: FindingsFilter;
  sort: SortKey;
  descending: boolean;
  groupBy: GroupBy;
  /** Pages fetched so far, by page index; the grid never holds more than it has shown. */
  pages: Map<number, FindingRowView[]>;
  total: number;
  totalIsExact: boolean;
  /** Bumped on every new query so late answers of an old one are dropped. */
  generation: number;
  /** Picked one by one; or, with `allMatching`, every finding matching the filter but those in `except`. */
  selected: ReadonlySet<number>;
  allMatching: boolean;
  except: ReadonlySet<number>;
  groups: { key: string; label: string; count: number }[];
  drawerObjectId: number | null;
  reset(assessmentId: number): void;
  setFilter(patch: Partial<FindingsFilter>): void;
  clearFilters(): void;
  setSort(sort: SortKey): void;
  setGroupBy(by: GroupBy): void;
  ensurePage(index: number): Promise<void>;
  reload(): Promise<void>;
  toggleSelected(id: number, on?: boolean): void;
  selectAllMatching(on: boolean): void;
  clearSelection(): void;
  openDrawer(objectId: number | null): void;
}

const clean = (f: FindingsFilter): FindingsFilter => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as FindingsFilter;

export const useFindings = create<FindingsState>((set, get) => {
  const inFlight = new Set<string>();
  const requery = (patch: Partial<FindingsState>): void => {
    set({ ...patch, pages: new Map(), generation: get().generation + 1, selected: new Set(), allMatching: false, except: new Set() });
    void get().reload();
  };
  return {
    assessmentId: null,
    filter: {},
    sort: 'severity',
    descending: false,
    groupBy: 'none',
    pages: new Map(),
    total: 0,
    totalIsExact: true,
    generation: 0,
    selected: new Set(),
    allMatching: false,
    except: new Set(),
    groups: [],
    drawerObjectId: null,
    reset: (assessmentId) => {
      if (get().assessmentId === assessmentId) return;
      requery({ assessmentId, drawerObjectId: null });
    },
    setFilter: (patch) => requery({ filter: clean({ ...get().filter, ...patch }) }),
    clearFilters: () => requery({ filter: {} }),
    setSort: (sort) => requery({ sort, descending: get().sort === sort ? !get().descending : false }),
    setGroupBy: (groupBy) => requery({ groupBy }),
    ensurePage: async (index) => {
      const { assessmentId, filter, sort, descending, generation, pages } = get();
      const key = `${generation}:${index}`;
      if (assessmentId === null || pages.has(index) || inFlight.has(key)) return;
      inFlight.add(key);
      try {
        const answer = await call('findings.page', { assessmentId, filter, sort, descending, offset: index * PAGE_SIZE, limit: PAGE_SIZE });
        if (get().generation !== generation) return;
        const next = new Map(get().pages);
        next.set(index, answer.rows);
        set({ pages: next, total: answer.total, totalIsExact: answer.totalIsExact });
      } finally {
        inFlight.delete(key);
      }
    },
    reload: async () => {
      const { assessmentId, groupBy, filter } = get();
      if (assessmentId === null) return;
      set({ pages: new Map(), generation: get().generation + 1 });
      await get().ensurePage(0);
      set({ groups: groupBy === 'none' ? [] : await call('findings.groups', { assessmentId, by: groupBy, filter }) });
    },
    toggleSelected: (id, on) => {
      const { allMatching, selected, except } = get();
      if (allMatching) {
        // Unticking a row of "all matching" leaves it out; ticking it again takes it back.
        const next = new Set(except);
        if (on ?? next.has(id)) next.delete(id);
        else next.add(id);
        set({ except: next });
        return;
      }
      const next = new Set(selected);
      if (on ?? !next.has(id)) next.add(id);
      else next.delete(id);
      set({ selected: next });
    },
    selectAllMatching: (on) => set({ allMatching: on, except: new Set(), selected: new Set() }),
    clearSelection: () => set({ selected: new Set(), allMatching: false, except: new Set() }),
    openDrawer: (objectId) => {
      set({ drawerObjectId: objectId });
      // Closed, the drawer hands the focus back to the list it was opened from.
      if (objectId === null) returnFocusToList();
    },
  };
});

/** Whether a row is selected, one by one or as one of all matching. */
export function isSelected(s: Pick<FindingsState, 'selected' | 'allMatching' | 'except'>, id: number): boolean {
  return s.allMatching ? !s.except.has(id) : s.selected.has(id);
}

/** How many findings the selection holds: null when it is "all matching" and the total is not known exactly. */
export function selectionSize(s: Pick<FindingsState, 'selected' | 'allMatching' | 'except' | 'total' | 'totalIsExact'>): number | null {
  if (!s.allMatching) return s.selected.size;
  return s.totalIsExact ? s.total - s.except.size : null;
}

/** After a drawer closes or a bulk action ends, the keyboard goes back to the grid (or the object list), on its active row. */
export function returnFocusToList(): void {
  queueMicrotask(() => document.querySelector<HTMLElement>('.grid-viewport, .objects-table')?.focus());
}
