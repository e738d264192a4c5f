#!/usr/bin/env node
import module from 'node:module';

/**
 * Headless entry point. Node's on-disk cache of compiled modules (type stripping included) is
 * turned on before the command line's modules load: static imports would load first. Later runs,
 * and the engine's worker threads, then start without compiling again.
 */
module.enableCompileCache();
const { main } = await import('./cli/run.ts');
process.exitCode = await main(process.argv.slice(2));
