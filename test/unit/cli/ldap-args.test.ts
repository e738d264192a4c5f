import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError, type CliOptions } from '../../../main/cli/args.ts';

const base = ['--ldap', 'ldaps://127.0.0.1', '--bind', 'admin@lab.example.com', '--password-env', 'LAB_PASSWORD', '--out', 'out'];
const ldapOf = (extra: string[] = []) => (parseCliArgs([...base, ...extra]) as CliOptions).ldap!;

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
