import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource, SAMPLE_DIRECTORY } from '../../../main/directory/file-source.ts';
import { SourceError } from '../../../main/directory/source-error.ts';
import { runAssessment as assess, AssessmentCancelled } from '../../../main/runs/run-assessment.ts';
import { iterateExcluded, iterateFindings } from '../../../main/store/queries.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { writeSyntheticLdif } from '../../bench/synthetic-directory.ts';
import { runOptions } from '../../helpers.ts';
import { tempDir } from '../../temp-dirs.ts';

/**
 * Large LDIF files are read by worker threads. Whatever the split into blocks, the result must be
 * exactly that of a sequential read: same findings in the same order, same summary, same errors.
 */
const dir = tempDir('parallel');
const options = runOptions({ tenantDomains: ['fcra.gov'], cloud: 'gcc-high' });

async function runBoth(file: string): Promise<{ sequential: unknown; parallel: unknown }> {
  const out: Record<string, unknown> = {};
  for (const [mode, threshold] of [['sequential', Number.MAX_SAFE_INTEGER], ['parallel', 0]] as const) {
    const ws = new Workspace(join(dir, `${mode}-${Math.random()}.sqlite`));
    const source = openFileSource(file, 'file', threshold);
    expect(source.parallel !== undefined).toBe(mode === 'parallel');
    const { assessmentId, summary } = await assess(ws, source, options);
    out[mode] = {
      summary: { ...summary, durationMs: 0 },
      findings: [...iterateFindings(ws.db, assessmentId)],
      excluded: [...iterateExcluded(ws.db, assessmentId)],
      completeness: ws.db.prepare('SELECT attribute, object_class, ou, total, complete FROM mail_completeness ORDER BY 1, 2, 3').all(),
    };
    ws.close();
  }
  return out as { sequential: unknown; parallel: unknown };
}

describe('parallel LDIF reading', () => {
  it('the sample directory gives the same result read in parallel blocks', async () => {
    const { sequential, parallel } = await runBoth(SAMPLE_DIRECTORY);
    expect(parallel).toEqual(sequential);
    expect((sequential as { findings: unknown[] }).findings.length).toBeGreaterThan(500);
  });

  it('a multi-block synthetic directory with CRLF line ends gives the same result', async () => {
    const lf = join(dir, 'synthetic.ldif');
    await writeSyntheticLdif(lf, 6000);
    const crlf = join(dir, 'synthetic-crlf.ldif');
    writeFileSync(crlf, readFileSync(lf, 'utf8').replace(/\n/g, '\r\n'));
    const { sequential, parallel } = await runBoth(crlf);
    expect(parallel).toEqual(sequential);
    expect((sequential as { summary: { objects: number } }).summary.objects).toBe(6000);
  });

  it('a group larger than a block (60,000 members) among other entries gives the same result', async () => {
    const file = join(dir, 'big-group.ldif');
    await writeSyntheticLdif(file, 3000);
    const text = readFileSync(file, 'utf8');
    const cut = text.indexOf('dn: CN=User 1500,');
    const members = Array.from({ length: 60_000 }, (_, i) => `member: CN=User ${i},OU=Staff,DC=bench,DC=example,DC=gov`);
    const group = ['dn: CN=Everyone,OU=Groups,DC=bench,DC=example,DC=gov', 'objectClass: top', 'objectClass: group', 'cn: Everyone', 'sAMAccountName: everyone', 'groupType: -2147483646', 'mail: everyone@agency.gov', 'proxyAddresses: SMTP:everyone@agency.gov', ...members, '', ''].join('\n');
    expect(group.length).toBeGreaterThan(3 * 1024 * 1024);
    writeFileSync(file, text.slice(0, cut) + group + text.slice(cut));
    const { sequential, parallel } = await runBoth(file);
    expect(parallel).toEqual(sequential);
    expect((sequential as { summary: { objects: number } }).summary.objects).toBe(3001);
  });

  it('an error deep in a later block names the same line as a sequential read', async () => {
    const file = join(dir, 'broken.ldif');
    await writeSyntheticLdif(file, 5000);
    const text = readFileSync(file, 'utf8');
    const cut = text.indexOf('dn: CN=User 4000,');
    writeFileSync(file, `${text.slice(0, cut)}this line is broken\n${text.slice(cut)}`);
    const expectedLine = text.slice(0, cut).split('\n').length;
    for (const threshold of [Number.MAX_SAFE_INTEGER, 0]) {
      const ws = new Workspace(join(dir, `broken-${threshold}.sqlite`));
      const err = await assess(ws, openFileSource(file, 'file', threshold), options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).line).toBe(expectedLine);
      expect(ws.listAssessments()[0]!.status).toBe('failed');
      ws.close();
    }
  });

  it('cancelling stops the workers and records the run as interrupted', async () => {
    const file = join(dir, 'cancel.ldif');
    await writeSyntheticLdif(file, 8000);
    const ws = new Workspace(join(dir, 'cancel.sqlite'));
    const controller = new AbortController();
    const run = assess(ws, openFileSource(file, 'file', 0), options, { signal: controller.signal, progressEveryMs: 0, onProgress: () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(AssessmentCancelled);
    expect(ws.listAssessments()[0]!.status).toBe('interrupted');
    ws.close();
  });
});

describe('file encodings Windows tools write', () => {
  it('UTF-16LE with BOM (ldifde -u, Export-Csv -Encoding Unicode) and UTF-8 with BOM read like UTF-8', async () => {
    const text = readFileSync(SAMPLE_DIRECTORY, 'utf8');
    const variants = {
      'utf8.ldif': Buffer.from(text, 'utf8'),
      'utf8-bom.ldif': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'utf16.ldif': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    };
    const results: unknown[] = [];
    for (const [name, bytes] of Object.entries(variants)) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const ws = new Workspace(join(dir, `${name}.sqlite`));
      const { assessmentId } = await assess(ws, openFileSource(file, 'file', 0), options);
      results.push([...iterateFindings(ws.db, assessmentId)]);
      ws.close();
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect((results[0] as unknown[]).length).toBeGreaterThan(500);
  });
});
