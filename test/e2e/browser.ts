import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureDebianPackages } from '../../scripts/setup/debian-packages.ts';

/**
 * Debian's Chromium, driven by playwright-core (it never downloads a browser). The flags keep it
 * off the network entirely: the machines here have none, and the renderer must not need one.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../../out/screenshots/', import.meta.url).pathname;

export async function launch(): Promise<Browser> {
  if (!process.env.CHROMIUM_PATH) ensureDebianPackages([{ command: CHROMIUM, package: 'chromium' }]);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false });
}
