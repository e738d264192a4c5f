/** RFC 4515: escape a value placed in an LDAP filter, so a person's text never changes its shape. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export { escapeDnValue } from '../../../shared/dn.ts';
