import type { ReactNode } from 'react';

/** Form and layout pieces with the labels a screen reader needs. */

/** A form laid out on the field grid whose submit runs `onSubmit` in place of a page load. */
export function FormGrid({ className, onSubmit, children }: { className?: string; onSubmit: () => unknown; children: ReactNode }) {
  return (
    <form
      className={className ? `form-grid ${className}` : 'form-grid'}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}

export function Field({ label, hint, children, id }: { label: string; hint?: string; children: ReactNode; id: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}

/** The colour of a status pill: checklist and directory-check statuses share one scale. */
const TONES: Record<string, string> = { pass: 'good', done: 'good', warn: 'fair', 'in-progress': 'fair', fail: 'poor', blocked: 'poor' };
export const toneOf = (status: string): string => TONES[status] ?? 'none';

export function Pill({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`pill pill-${tone}`}>{children}</span>;
}

export function Panel({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** One value per line in a textarea, as lists (domains, OUs, CA files) are typed. */
export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export const formatNumber = (n: number): string => n.toLocaleString('en-US');

/** A run's time, short: "11/23/26, 10:31 PM". */
export const formatWhen = (iso: string): string => new Date(iso).toLocaleString('en-US', { dateStyle: 'short', timeStyle: 'short' });

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** A table's header row: each heading a column header for screen readers. */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
