import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  readDescopeCredentials,
  readDescopeSecret,
  type SecretCache,
} from '../../functions/adapters/descope-credentials.js';
import { ConfigError, SecretError } from '../../functions/shared/errors.js';

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());
afterAll(() => sm.restore());

const arnFor = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}`;
const read = (arn: string, now = 0, cache: SecretCache = {}) =>
  readDescopeSecret(new SecretsManagerClient({}), arn, cache, now);

describe('Descope secret', () => {
  it('reads and caches the management key for a few minutes', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"managementKey":"K2-secret-value"}' });
    const arn = arnFor('cached');
    const cache: SecretCache = {};
    await expect(read(arn, 1000, cache)).resolves.toEqual({ managementKey: 'K2-secret-value' });
    await read(arn, 60_000, cache);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    await read(arn, 1000 + 6 * 60_000, cache);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    // Another handler (another container) keeps its own.
    await read(arn, 1000 + 6 * 60_000, {});
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it.each([
    ['not JSON', 'K2-secret-value', /is not JSON/],
    ['empty key', '{"managementKey":""}', /empty managementKey: put the key with aws secretsmanager/],
    ['wrong shape', '{"key":"K2-secret-value"}', /invalid at managementKey/],
  ])('explains a malformed secret (%s) without echoing its value', async (_name, value, message) => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: value });
    const error = await read(arnFor(`bad-${_name}`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('K2-secret-value');
  });

  it('names the secret when it cannot be read', async () => {
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
    );
    await expect(read(arnFor('denied'))).rejects.toThrow(
      /Could not read the Descope secret .*denied \(AccessDeniedException\)/,
    );
  });

  it('gives the key for the configured project and refuses a secret naming another one', async () => {
    sm.on(GetSecretValueCommand).resolves({
      SecretString: '{"managementKey":"K2-secret-value","projectId":"P2other"}',
    });
    const client = new SecretsManagerClient({});
    await expect(readDescopeCredentials(client, arnFor('mine'), 'P2other', {})).resolves.toEqual({
      projectId: 'P2other',
      managementKey: 'K2-secret-value',
    });
    const error = await readDescopeCredentials(client, arnFor('theirs'), 'P2mine', {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/names another project than DESCOPE_PROJECT_ID/);
  });
});
