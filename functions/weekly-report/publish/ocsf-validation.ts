import { createOcsfValidator, type OcsfValidator } from '../../core/ocsf/ocsf-validator.js';

let validator: OcsfValidator | undefined;

/**
 * The OCSF check a run uses, made once for the process. Its class schemas are compiled ahead of
 * time (class-validators.generated.js); the check keeps nothing between events.
 */
export function ocsfValidator(): OcsfValidator {
  validator ??= createOcsfValidator();
  return validator;
}
