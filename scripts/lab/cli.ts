import { startLab, stopSamba } from './lab.ts';
import { seedLab } from './seed.ts';

/** npm run lab:start | lab:stop | lab:seed -- --objects N (the lab itself is lab.ts; seeding, seed.ts). */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'start') {
    console.log(JSON.stringify(await startLab()));
  } else if (command === 'stop') {
    await stopSamba();
    console.log('lab stopped');
  } else if (command === 'seed') {
    const i = rest.indexOf('--objects');
    const count = i >= 0 ? Number(rest[i + 1]) : NaN;
    if (!Number.isInteger(count) || count <= 0) throw new Error('usage: lab seed --objects N');
    console.log(JSON.stringify(await seedLab(count)));
  } else {
    throw new Error('usage: node scripts/lab/cli.ts start | stop | seed --objects N');
  }
}

main().catch((err: unknown) => {
  console.error(`lab: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
