import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DescopeAuditError,
  describeError,
  PeriodError,
  ReportDeliveryError,
  ReportJobError,
  ReportStorageError,
  SecretError,
} from '../../functions/shared/errors.js';
import { DeployConfigError } from '../../infra/config/deploy-config-error.js';

describe('ReportJobError', () => {
  it.each([
    ['ConfigError', new ConfigError('m')],
    ['PeriodError', new PeriodError('m')],
    ['DescopeAuditError', new DescopeAuditError('m')],
    ['ReportStorageError', new ReportStorageError('m')],
    ['ReportDeliveryError', new ReportDeliveryError('m')],
    ['SecretError', new SecretError('m')],
    ['DeployConfigError', new DeployConfigError('m')],
  ])('%s is a named ReportJobError', (name, error) => {
    expect(error).toBeInstanceOf(ReportJobError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(String(error)).toBe(`${name}: m`);
  });

  it('keeps the cause and the Descope details', () => {
    const cause = new Error('socket hang up');
    const error = new DescopeAuditError('search failed', { status: 503, retryable: true }, { cause });
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ status: 503, retryable: true });
    expect(new ReportStorageError('x', { cause }).cause).toBe(cause);
  });

  it('lets a deploy-time configuration error be caught as a ConfigError', () => {
    expect(new DeployConfigError('bad')).toBeInstanceOf(ConfigError);
  });
});

describe('describeError', () => {
  const error = new TypeError('not a function');
  it.each([
    ['message', 'not a function'],
    ['name', 'TypeError'],
    ['name: message', 'TypeError: not a function'],
  ] as const)('shows an Error as %s', (detail, expected) => {
    expect(describeError(error, detail)).toBe(expected);
  });

  it('shows the stack when asked, which starts with name and message', () => {
    expect(describeError(error, 'stack')).toMatch(/^TypeError: not a function\n\s+at /);
  });

  it.each([
    ['message', 'boom'],
    ['name', 'Error'],
    ['name: message', 'boom'],
  ] as const)('shows a thrown non-Error as %s', (detail, expected) => {
    expect(describeError('boom', detail)).toBe(expected);
  });
});
