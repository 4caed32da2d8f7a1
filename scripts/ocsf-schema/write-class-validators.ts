import { writeFile } from 'node:fs/promises';
import { CLASS_VALIDATORS_FILE, renderClassValidators } from './render-class-validators.js';

/** `npm run ocsf:validators`: compiles the vendored OCSF class schemas into the committed module. */
await writeFile(CLASS_VALIDATORS_FILE, renderClassValidators());
console.log(`Wrote ${CLASS_VALIDATORS_FILE}`);
