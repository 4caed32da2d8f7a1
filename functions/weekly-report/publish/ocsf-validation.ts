import { createOcsfValidator, type OcsfValidator } from '../../core/ocsf/ocsf-validator.js';

let compiled: OcsfValidator | undefined;

/**
 * The OCSF check, its five class schemas compiled on first use and kept for the process: compiling
 * them costs about half a second of CPU, which every run, and every continuation in a warm Lambda
 * container, would otherwise pay again. The check keeps nothing between events.
 */
export function ocsfValidator(): OcsfValidator {
  compiled ??= createOcsfValidator();
  return compiled;
}
