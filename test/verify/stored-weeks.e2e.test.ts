import { storedWeeks } from './stored-weeks/stored-weeks.js';
import { verifyAttackChecks } from './stored-weeks/verify-attack-checks.js';
import { verifyReportChecks } from './stored-weeks/verify-report-checks.js';

// Two weeks stored once (2026-W46, 2026-W47): `npm run verify` on them intact and tampered with,
// then the attacks on the bucket, which change it and so come last.
const weeks = storedWeeks();
verifyReportChecks(weeks);
verifyAttackChecks(weeks);
