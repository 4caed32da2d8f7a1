import { inject } from 'vitest';
import { useBundledSandboxWorker } from '../../functions/adapters/sandbox-worker-entry.js';

// A setup file of every project: the sandboxes run the worker bundled once by sandbox-worker-setup.ts.
useBundledSandboxWorker(inject('sandboxWorker'));
