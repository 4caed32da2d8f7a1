import type { ValidateFunction } from 'ajv';

// The vendored OCSF 1.8.0 class schemas compiled by ajv (scripts/ocsf-schema/render-class-validators.ts).
export declare const authentication: ValidateFunction;
export declare const account_change: ValidateFunction;
export declare const user_access: ValidateFunction;
export declare const entity_management: ValidateFunction;
export declare const compliance_finding: ValidateFunction;
