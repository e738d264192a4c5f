import { writeFileSync } from 'node:fs';
import { SAMPLE_DIRECTORY } from '../main/directory/file-source.ts';
import { generateAgency } from './sample/agency.ts';

/** Regenerates resources/sample/fcra-directory.ldif (a test checks the committed file matches). */
writeFileSync(SAMPLE_DIRECTORY, generateAgency());
console.log(`wrote ${SAMPLE_DIRECTORY}`);
