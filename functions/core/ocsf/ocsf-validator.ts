import type { ValidateFunction } from 'ajv';
import * as classValidators from './class-validators.generated.js';
import type { OcsfClass, OcsfEvent } from './ocsf-classes.js';

const COMPILED: ReadonlyMap<OcsfClass, ValidateFunction> = new Map<OcsfClass, ValidateFunction>([
  ['authentication', classValidators.authentication],
  ['account_change', classValidators.account_change],
  ['user_access', classValidators.user_access],
  ['entity_management', classValidators.entity_management],
  ['compliance_finding', classValidators.compliance_finding],
]);

/** Checks an event against its class's vendored OCSF 1.8.0 JSON schema: the problem, or `undefined`. */
export type OcsfValidator = (e: OcsfEvent) => string | undefined;

/**
 * The check against the five class schemas, compiled by ajv when the module was generated
 * (class-validators.generated.js, from scripts/ocsf-schema/render-class-validators.ts): compiling
 * them at run time cost each cold process about a second of CPU. Each validating function keeps
 * only its last `errors`, read here at once.
 */
export function createOcsfValidator(): OcsfValidator {
  return (e) => {
    const validate = COMPILED.get(e.cls);
    if (!validate) return `no schema for ${e.cls}`;
    if (validate(e.event)) return undefined;
    const [error] = validate.errors ?? [];
    return error ? `${error.instancePath || '(event)'} ${error.message ?? 'is invalid'}` : 'is invalid';
  };
}
