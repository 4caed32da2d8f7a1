import { describe, expect, it } from 'vitest';
import { awsClientOptions } from '../../../functions/weekly-report/wiring/aws-sdk-variables.js';
import { createAwsClients } from '../../../functions/weekly-report/wiring/build-dependencies.js';
import { cliEnvironmentSchema, parseEnvironment } from '../../../functions/weekly-report/wiring/config.js';

const base = {
  DESCOPE_PROJECT_ID: 'P2TestProject0001',
  DESCOPE_MANAGEMENT_KEY: 'K2-test',
  REPORT_BUCKET: 'audit-reports',
  REPORT_SENDER: 'reports@example.com',
  REPORT_RECIPIENTS: 'lead@example.com',
  AWS_REGION: 'eu-west-1',
};

describe('the AWS SDK variables of a configuration', () => {
  it('give the clients the credentials and checksum modes of the environment they were given', async () => {
    const config = parseEnvironment(cliEnvironmentSchema, {
      ...base,
      AWS_ACCESS_KEY_ID: 'AKIDGIVEN',
      AWS_SECRET_ACCESS_KEY: 'secret-given',
      AWS_SESSION_TOKEN: 'token-given',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568',
    });
    expect(awsClientOptions(config)).toEqual({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDGIVEN', secretAccessKey: 'secret-given', sessionToken: 'token-given' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const { s3, ses } = createAwsClients(config);
    for (const client of [s3, ses]) {
      await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'AKIDGIVEN' });
      await expect(client.config.region()).resolves.toBe('eu-west-1');
    }
    await expect(s3.config.requestChecksumCalculation()).resolves.toBe('WHEN_REQUIRED');
    expect(s3.config.forcePathStyle).toBe(true);
  });

  it('leave to the SDK what they do not set; a lone access key is no credential', () => {
    const config = parseEnvironment(cliEnvironmentSchema, { ...base, AWS_ACCESS_KEY_ID: 'AKIDALONE' });
    expect(awsClientOptions(config)).toEqual({
      region: 'eu-west-1',
      credentials: undefined,
      requestChecksumCalculation: undefined,
      responseChecksumValidation: undefined,
    });
  });

  it('refuse a checksum mode the SDK does not know, naming the variable', () => {
    expect(() =>
      parseEnvironment(cliEnvironmentSchema, { ...base, AWS_REQUEST_CHECKSUM_CALCULATION: 'sometimes' }),
    ).toThrow(/AWS_REQUEST_CHECKSUM_CALCULATION must be WHEN_SUPPORTED or WHEN_REQUIRED/);
  });
});
