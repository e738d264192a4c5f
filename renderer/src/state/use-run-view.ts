import { useEffect, useState } from 'react';
import { useApp } from './app-store.ts';

/**
 * The view of the selected run that `load` fetches, for screens that show one run: null until it
 * arrives, and again as soon as another run is selected, so a screen never shows one run's data
 * under another's name. An answer that arrives after the selection changed is dropped.
 */
export function useRunView<T>(load: (assessmentId: number) => Promise<T>): [T | null, (view: T) => void] {
  const { assessmentId, notify } = useApp();
  const [view, setView] = useState<T | null>(null);
  useEffect(() => {
    setView(null);
    if (assessmentId === null) return;
    let current = true;
    load(assessmentId).then(
      (v) => current && setView(v),
      (e: Error) => current && notify('error', e.message),
    );
    return () => {
      current = false;
    };
    // Only the selection decides when to load: `load` is a fresh closure on every render.
  }, [assessmentId]);
  return [view, setView];
}
