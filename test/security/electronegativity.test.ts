import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runElectronegativity } from '../../scripts/security/electronegativity.ts';
import { tempDir } from '../temp-dirs.ts';

describe('electronegativity', () => {
  it('finds nothing in the project beyond the reviewed exceptions', () => {
    const { findings, accepted } = runElectronegativity();
    expect(findings).toEqual([]);
    expect(accepted.length).toBeLessThanOrEqual(3);
  });

  it('does fail on an insecure window, so the check above can fail', () => {
    const dir = tempDir('electroneg');
    writeFileSync(
      join(dir, 'bad.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    );
    const { findings } = runElectronegativity(dir, join(dir, 'report.sarif'));
    expect(findings.join('\n')).toMatch(/NODE_INTEGRATION|CONTEXT_ISOLATION|SANDBOX/);
  });
});
