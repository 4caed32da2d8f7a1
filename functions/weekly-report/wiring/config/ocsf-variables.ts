import type { z } from 'zod';
import { flag } from './environment-values.js';

/** The OCSF export of each period folder. */
export const ocsfVariables = {
  OCSF_EXPORT_ENABLED: flag(true).meta({
    description:
      "Write each period folder's `ocsf/` export: the evidence and findings as OCSF 1.8.0 events, one gzipped NDJSON file per class, listed in the manifest (docs/ocsf.md).",
  }),
  OCSF_VALIDATE: flag(true).meta({
    description:
      'Check every exported OCSF event against its class’s vendored JSON schema (ajv); an event that fails is left out and counted in summary.json, never a failed run.',
  }),
};

type OcsfConfig = z.output<z.ZodObject<typeof ocsfVariables>>;

/** The OCSF export settings of a parsed configuration (`undefined`: off). */
export const ocsfSettings = (config: OcsfConfig) =>
  config.OCSF_EXPORT_ENABLED ? { validate: config.OCSF_VALIDATE } : undefined;
