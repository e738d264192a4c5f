import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.ts';

// Runs with every test file: its temporary directories go once its tests are done.
afterAll(removeTempDirs);
