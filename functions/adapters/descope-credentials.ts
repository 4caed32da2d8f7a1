import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigError, describeError, SecretError } from '../shared/errors.js';

const secretSchema = z.object({
  managementKey: z.string().min(1),
  /** Optional: when present it must match the configured project. */
  projectId: z.string().min(1).optional(),
});

export type DescopeSecret = z.output<typeof secretSchema>;

/** Kept per warm container for a few minutes so a rotated key is picked up without a redeploy. */
const CACHE_TTL_MS = 5 * 60_000;

/** Where a secret read is kept between invocations: one per handler, so one per warm container. */
export interface SecretCache {
  entry?: { arn: string; value: DescopeSecret; at: number };
}

/**
 * Reads the Descope management key from Secrets Manager (`{"managementKey": "..."}`). Errors name
 * the secret ARN and what is wrong, never the value.
 */
export async function readDescopeSecret(
  client: SecretsManagerClient,
  arn: string,
  cache: SecretCache,
  now: number = Date.now(),
): Promise<DescopeSecret> {
  const cached = cache.entry;
  if (cached && cached.arn === arn && now - cached.at < CACHE_TTL_MS) return cached.value;
  let raw: string | undefined;
  try {
    raw = (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (error) {
    throw new SecretError(`Could not read the Descope secret ${arn} (${describeError(error, 'name')})`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    throw new SecretError(`The Descope secret ${arn} is not JSON; expected {"managementKey": "..."}`);
  }
  const parsed = secretSchema.safeParse(json);
  if (!parsed.success && (json as { managementKey?: unknown } | null)?.managementKey === '') {
    throw new SecretError(
      `The Descope secret ${arn} has an empty managementKey: put the key with ` +
        `aws secretsmanager put-secret-value --secret-id ${arn} --secret-string '{"managementKey":"…"}'`,
    );
  }
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new SecretError(
      `The Descope secret ${arn} is invalid at ${fields}; expected {"managementKey": "..."}`,
    );
  }
  cache.entry = { arn, value: parsed.data, at: now };
  return parsed.data;
}

/** A project ID and the management key that acts on it. */
export interface DescopeCredentials {
  projectId: string;
  managementKey: string;
}

/**
 * The credentials for `projectId` from the secret at `arn`. A secret that names another project is
 * a configuration error: the key would read the wrong project's audit trail.
 */
export async function readDescopeCredentials(
  client: SecretsManagerClient,
  arn: string,
  projectId: string,
  cache: SecretCache,
): Promise<DescopeCredentials> {
  const secret = await readDescopeSecret(client, arn, cache);
  if (secret.projectId && secret.projectId !== projectId) {
    throw new ConfigError('The Descope secret names another project than DESCOPE_PROJECT_ID');
  }
  return { projectId, managementKey: secret.managementKey };
}
