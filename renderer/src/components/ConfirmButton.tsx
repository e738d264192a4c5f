import { useState } from 'react';

/** A destructive action asks once more, in place, instead of a modal dialog. */
export function ConfirmButton({ label, confirmLabel, onConfirm }: { label: string; confirmLabel: string; onConfirm(): void }) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button className="link" onClick={() => setArmed(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button className="danger" onClick={onConfirm}>
        {confirmLabel}
      </button>{' '}
      <button className="link" onClick={() => setArmed(false)}>
        Keep
      </button>
    </span>
  );
}
