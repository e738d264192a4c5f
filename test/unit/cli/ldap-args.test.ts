import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError, type CliOptions } from '../../../main/cli/args.ts';

const base = ['--ldap', 'ldaps://127.0.0.1', '--bind', 'admin@lab.example.com', '--password-env', 'LAB_PASSWORD', '--out', 'out'];
const ldapOf = (extra: string[] = []) => {
  const [source] = (parseCliArgs([...base, ...extra]) as CliOptions).sources;
  if (source?.kind !== 'ldap') throw new Error('expected one live source');
  return source.ldap;
};

describe('the command line of a live assessment', () => {
  it('reads in one stream unless told otherwise, with AD\'s page size and a 30 s timeout', () => {
    expect(ldapOf()).toMatchObject({ connections: 1, pageSize: 1000, timeoutSeconds: 30, passwordEnv: 'LAB_PASSWORD', passwordStdin: false });
    expect(ldapOf(['--connections', '3', '--page-size', '500']).connections).toBe(3);
  });

  it('refuses what it cannot use, naming the option and the value', () => {
    for (const [option, value] of [['--connections', '0'], ['--connections', '17'], ['--connections', 'two'], ['--page-size', '0'], ['--timeout', '0']] as const) {
      expect(() => parseCliArgs([...base, option, value])).toThrow(UsageError);
      expect(() => parseCliArgs([...base, option, value])).toThrow(new RegExp(`${option}.*"${value}"`));
    }
  });
});

describe('several sources on one command line', () => {
  it('keeps the order given, and each --ldap takes the options after it', () => {
    const o = parseCliArgs(['--input', 'east.ldif', '--ldap', 'ldaps://dc1', '--bind', 'a@east.gov', '--password-stdin', '--ldap', 'ldaps://dc2', '--bind', 'b@west.gov', '--password-env', 'WEST', '--base', 'OU=X,DC=west', '--out', 'out']) as CliOptions;
    expect(o.sources.map((s) => (s.kind === 'ldap' ? [s.ldap.url, s.ldap.bind, s.ldap.passwordStdin, s.ldap.passwordEnv, s.ldap.bases] : [s.kind]))).toEqual([
      ['file'],
      ['ldaps://dc1', 'a@east.gov', true, undefined, []],
      ['ldaps://dc2', 'b@west.gov', false, 'WEST', ['OU=X,DC=west']],
    ]);
  });

  it('refuses an option that belongs to no --ldap, or one given twice to the same one', () => {
    expect(() => parseCliArgs(['--bind', 'a@x', '--ldap', 'ldaps://dc1', '--password-stdin', '--ldap', 'ldaps://dc2', '--bind', 'b@x', '--password-stdin', '--out', 'o'])).toThrow(/--bind comes before any --ldap/);
    expect(() => parseCliArgs(['--ldap', 'ldaps://dc1', '--bind', 'a@x', '--bind', 'b@x', '--password-stdin', '--out', 'o'])).toThrow(/--bind is given twice for ldaps:\/\/dc1/);
    expect(() => parseCliArgs(['--sample', '--bind', 'a@x', '--out', 'o'])).toThrow(/--bind is an option of a live source/);
  });
});
