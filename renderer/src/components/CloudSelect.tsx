import { CLOUD_NAMES, CLOUDS, type Engagement } from '../../../shared/api/contract.ts';
import { Field } from './ui.tsx';

/** The Microsoft 365 US Government cloud of an engagement. */
export function CloudSelect({ id, value, onChange }: { id: string; value: Engagement['cloud']; onChange(cloud: Engagement['cloud']): void }) {
  return (
    <Field id={id} label="Cloud">
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Engagement['cloud'])}>
        {CLOUDS.map((c) => (
          <option key={c} value={c}>
            {CLOUD_NAMES[c]}
          </option>
        ))}
      </select>
    </Field>
  );
}
