import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { version: string; productName: string };

export const TOOL = { name: pkg.productName, version: pkg.version } as const;
