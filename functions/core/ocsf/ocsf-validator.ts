import { Ajv } from 'ajv';
import accountChange from '../../../vendor/ocsf-schema-1.8.0/classes/account_change.json' with {
  type: 'json',
};
import authentication from '../../../vendor/ocsf-schema-1.8.0/classes/authentication.json' with {
  type: 'json',
};
import complianceFinding from '../../../vendor/ocsf-schema-1.8.0/classes/compliance_finding.json' with {
  type: 'json',
};
import entityManagement from '../../../vendor/ocsf-schema-1.8.0/classes/entity_management.json' with {
  type: 'json',
};
import userAccess from '../../../vendor/ocsf-schema-1.8.0/classes/user_access.json' with { type: 'json' };
import type { OcsfClass, OcsfEvent } from './ocsf-classes.js';

const SCHEMAS: Record<OcsfClass, object> = {
  authentication,
  account_change: accountChange,
  user_access: userAccess,
  entity_management: entityManagement,
  compliance_finding: complianceFinding,
};

/** Checks an event against its class's vendored OCSF 1.8.0 JSON schema: the problem, or `undefined`. */
export type OcsfValidator = (e: OcsfEvent) => string | undefined;

/**
 * Compiles the five class schemas once (draft-07, `$defs` references) and returns the check. The
 * schemas' titles sit beside `$ref`s, which draft-07 allows: strict mode is off for that alone.
 */
export function createOcsfValidator(): OcsfValidator {
  const ajv = new Ajv({ allErrors: false, strict: false });
  const compiled = new Map(
    (Object.keys(SCHEMAS) as OcsfClass[]).map((cls) => [cls, ajv.compile(SCHEMAS[cls])] as const),
  );
  return (e) => {
    const validate = compiled.get(e.cls);
    if (!validate) return `no schema for ${e.cls}`;
    if (validate(e.event)) return undefined;
    const [error] = validate.errors ?? [];
    return error ? `${error.instancePath || '(event)'} ${error.message ?? 'is invalid'}` : 'is invalid';
  };
}
