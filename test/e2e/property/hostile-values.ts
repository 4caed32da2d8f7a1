import fc from 'fast-check';

/** Every own member name of `Object.prototype`: `constructor`, `__proto__`, `toString`, … */
export const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** Values an attacker can put in any audit field (a login form, a tenant name, an IdP's SCIM request). */
export const HOSTILE_VALUES = [
  ...PROTOTYPE_NAMES,
  '',
  'x'.repeat(10_240),
  '😀'.repeat(2_560),
  '\u202eevil\u202c',
  'a\u200bb\u200d',
  '👩‍👩‍👧 שלום مرحبا',
  '=1+1',
  '+cmd|"/c calc"!A0',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=tab',
  '\r=cr',
  'x;=1+1',
  'a,b;c',
  '"quoted"',
  'line\nbreak\r\n=next',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '&amp;&lt;',
  '{{constructor.constructor}}',
  'javascript:alert(1)',
];

export const hostile = fc.constantFrom(...HOSTILE_VALUES);
/** Tenant IDs: hostile values (most refused as folder names) and plain ones. */
export const tenantId = fc.oneof(hostile, fc.constantFrom('T1', 'T-2', 'tenant_3'));
