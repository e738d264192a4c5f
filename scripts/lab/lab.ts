import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { ensureDebianPackages } from '../setup/debian-packages.ts';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mayContainLdif, schemaAttributesLdif } from './exchange-schema.ts';

/**
 * A Samba Active Directory domain controller on loopback, in a private folder (.lab/), for tests
 * and benchmarks (recipe: shared/docs/samba-lab.md). Idempotent: `start` provisions once, reuses
 * the domain afterwards, and prints as its last line the JSON a test needs to connect.
 *   node scripts/lab/cli.ts start | stop | seed --objects N (npm run lab:start, lab:stop, lab:seed)
 */
export const LAB = resolve(process.env.ADRW_LAB_DIR ?? '.lab');
const DC = join(LAB, 'dc');
const CONF = join(DC, 'etc', 'smb.conf');
const PID_FILE = join(LAB, 'samba.pid');
const TLS = join(LAB, 'tls');
export const LAB_INFO = {
  realm: 'LAB.EXAMPLE.COM',
  domain: 'LAB',
  baseDn: 'DC=lab,DC=example,DC=com',
  bindUser: 'Administrator@lab.example.com',
  // A throwaway password for a directory that only ever listens on loopback.
  password: 'Passw0rd!Lab1',
};
const PACKAGES = ['samba', 'samba-ad-dc', 'winbind', 'krb5-user', 'ldb-tools', 'ldap-utils', 'samba-ad-provision', 'python3-markdown', 'attr', 'openssl'];

function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed (${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  return r.stdout;
}

function ensurePackages(): void {
  ensureDebianPackages(
    [
      { command: '/usr/sbin/samba', package: 'samba' },
      { command: '/usr/share/samba/setup', package: 'samba-ad-provision' },
      { command: '/usr/bin/ldapsearch', package: 'ldap-utils' },
    ],
    PACKAGES,
  );
}

/** A lab CA and a server certificate valid for 127.0.0.1, localhost and the DC's name. */
function makeCertificates(): void {
  mkdirSync(TLS, { recursive: true });
  const ca = join(TLS, 'ca');
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=AD Readiness Workbench Lab CA', '-keyout', `${ca}.key`, '-out', `${ca}.pem`]);
  const server = join(TLS, 'server');
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=dc1.lab.example.com', '-keyout', `${server}.key`, '-out', `${server}.csr`]);
  writeFileSync(`${server}.ext`, 'subjectAltName=DNS:dc1.lab.example.com,DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n');
  run('openssl', ['x509', '-req', '-in', `${server}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '3650', '-extfile', `${server}.ext`, '-out', `${server}.pem`]);
}

function smbConf(): string {
  return `[global]
	netbios name = DC1
	realm = ${LAB_INFO.realm}
	workgroup = ${LAB_INFO.domain}
	server role = active directory domain controller
	interfaces = lo
	bind interfaces only = yes
	server services = ldap, cldap
	dcerpc endpoint servers = -dnsserver
	private dir = ${DC}/private
	lock directory = ${DC}
	state directory = ${DC}/state
	cache directory = ${DC}/cache
	binddns dir = ${DC}/bind-dns
	pid directory = ${DC}/run
	ncalrpc dir = ${DC}/run/ncalrpc
	winbindd socket directory = ${DC}/run/winbindd
	ntp signd socket directory = ${DC}/run/ntp_signd
	log file = ${DC}/log/samba.log
	logging = file
	log level = 1
	# Plain LDAP binds are allowed so the tests can show that case; AD's default refuses them.
	ldap server require strong auth = no
	tls enabled = yes
	tls keyfile = ${TLS}/server.key
	tls certfile = ${TLS}/server.pem
	tls cafile = ${TLS}/ca.pem
	dsdb:schema update allowed = true
	ldb:nosync = true
`;
}

function provision(): void {
  rmSync(DC, { recursive: true, force: true });
  run('samba-tool', [
    'domain', 'provision', `--targetdir=${DC}`, `--realm=${LAB_INFO.realm}`, `--domain=${LAB_INFO.domain}`, '--server-role=dc',
    '--dns-backend=NONE', `--adminpass=${LAB_INFO.password}`, '--host-name=dc1', '--host-ip=127.0.0.1', '--base-schema=2012_R2',
    '--backend-store=mdb', '--option=interfaces = lo', '--option=bind interfaces only = yes', '--option=netbios name = DC1',
  ]);
  for (const d of ['run', 'log', 'cache', 'state']) mkdirSync(join(DC, d), { recursive: true });
  makeCertificates();
  writeFileSync(CONF, smbConf());
  // Offline, in two runs: within one ldbmodify transaction the new attributes are not yet visible.
  const schemaDn = `CN=Schema,CN=Configuration,${LAB_INFO.baseDn}`;
  const sam = join(DC, 'private', 'sam.ldb');
  for (const [name, ldif] of [['attributes', schemaAttributesLdif(schemaDn)], ['maycontain', mayContainLdif(schemaDn)]] as const) {
    const file = join(LAB, `exchange-${name}.ldif`);
    writeFileSync(file, ldif);
    run('ldbmodify', ['-H', sam, `--configfile=${CONF}`, file]);
  }
}

function runningPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function ldapAnswers(): boolean {
  return spawnSync('ldapsearch', ['-x', '-H', 'ldap://127.0.0.1', '-b', '', '-s', 'base', 'dn'], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

async function startSamba(): Promise<void> {
  if (runningPid() !== undefined && ldapAnswers()) return;
  const log = openSync(join(LAB, 'samba-stdout.log'), 'a');
  const child = spawn('samba', ['-i', '-M', 'single', '-s', CONF], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (ldapAnswers()) return;
    if (runningPid() === undefined) throw new Error(`samba exited at start; see ${join(LAB, 'samba-stdout.log')}`);
    await sleep(200);
  }
  throw new Error('samba did not answer LDAP within 60 s');
}

/** True while the lab's Samba is running (started by `lab:start` or by a test). */
export function labRunning(): boolean {
  return runningPid() !== undefined;
}

export async function stopSamba(): Promise<void> {
  const pid = runningPid();
  if (pid === undefined) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 15_000 && runningPid() !== undefined; waited += 100) await sleep(100);
  if (runningPid() !== undefined) process.kill(pid, 'SIGKILL');
  rmSync(PID_FILE, { force: true });
}

export function labConnection(): Record<string, string> {
  return {
    url: 'ldaps://127.0.0.1:636',
    urlStartTls: 'ldap://127.0.0.1:389',
    gcUrl: 'ldaps://127.0.0.1:3269',
    bindUser: LAB_INFO.bindUser,
    password: LAB_INFO.password,
    baseDn: LAB_INFO.baseDn,
    caFile: join(TLS, 'ca.pem'),
  };
}

export async function startLab(): Promise<Record<string, string>> {
  mkdirSync(LAB, { recursive: true });
  ensurePackages();
  if (!existsSync(join(DC, 'private', 'sam.ldb')) || !existsSync(CONF) || !existsSync(join(TLS, 'ca.pem'))) {
    await stopSamba();
    provision();
  }
  await startSamba();
  return labConnection();
}

/** Loads LDIF add records offline with Samba's own stack (about 250 objects/s), Samba stopped. */
export async function loadOffline(ldifPath: string): Promise<void> {
  await stopSamba();
  execFileSync('/usr/bin/python3', [join(import.meta.dirname, 'load-offline.py'), CONF, ldifPath], { stdio: 'inherit' });
  await startSamba();
}
