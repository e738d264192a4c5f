import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * Installs Debian packages the tests and the lab need, when a command they provide is missing:
 * so `npm test` works on a fresh Debian machine run as root, as .ci/run does. Elsewhere it says
 * exactly what to install. apt's output goes to stderr (callers may parse stdout).
 */
export function ensureDebianPackages(needed: { command: string; package: string }[], alsoInstall: readonly string[] = []): void {
  const missing = needed.filter((n) => !existsSync(n.command));
  if (missing.length === 0) return;
  const packages = [...new Set([...missing.map((m) => m.package), ...alsoInstall])];
  if (process.getuid?.() !== 0) throw new Error(`missing ${missing.map((m) => m.command).join(', ')}: run as root or install: apt-get install ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages]]) {
    const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status}); see the messages above`);
  }
}
