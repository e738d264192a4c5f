import module from 'node:module';

/**
 * The command line exactly as main/cli.ts runs it (compile cache first, then the same main), in a
 * process of its own that reports its peak resident memory, every thread's included, as it ends.
 */
module.enableCompileCache();
const { main } = await import('../../main/cli/run.ts');
const status = await main(process.argv.slice(2));
process.stderr.write(`\n${JSON.stringify({ status, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
process.exitCode = status;
