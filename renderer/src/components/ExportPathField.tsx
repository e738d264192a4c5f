import { call } from '../api/client.ts';
import { Field } from './ui.tsx';

/** An export file's path: typed, or picked with the OS dialog (the page never reads the file itself). */
export function ExportPathField({ id, label, placeholder, value, onChange }: { id: string; label: string; placeholder: string; value: string; onChange: (path: string) => void }) {
  return (
    <>
      <Field id={id} label={label}>
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} />
      </Field>
      <button
        onClick={async () => {
          const picked = await call('files.pickExport', {});
          if (picked.path) onChange(picked.path);
        }}
      >
        Browse…
      </button>
    </>
  );
}
