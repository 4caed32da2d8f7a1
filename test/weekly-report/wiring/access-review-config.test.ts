import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../functions/shared/errors.js';
import {
  accessReviewSettings,
  dryRunEnvironmentSchema,
  parseEnvironment,
} from '../../../functions/weekly-report/wiring/config.js';

const base = { DESCOPE_PROJECT_ID: 'P2test0000', DESCOPE_MANAGEMENT_KEY: 'K' };

describe('accessReview configuration', () => {
  it('is on by default with 90 dormant days and a 365-day key horizon', () => {
    expect(accessReviewSettings(parseEnvironment(dryRunEnvironmentSchema, base))).toEqual({
      enabled: true,
      dormantDays: 90,
      keyExpiryHorizonDays: 365,
    });
  });

  it('reads the variables, and names each bad one before any request', () => {
    const config = parseEnvironment(dryRunEnvironmentSchema, {
      ...base,
      ACCESS_REVIEW_ENABLED: 'FALSE',
      ACCESS_REVIEW_DORMANT_DAYS: '30',
      ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: '180',
    });
    expect(accessReviewSettings(config)).toEqual({
      enabled: false,
      dormantDays: 30,
      keyExpiryHorizonDays: 180,
    });
    const bad = () =>
      parseEnvironment(dryRunEnvironmentSchema, {
        ...base,
        ACCESS_REVIEW_ENABLED: 'yes',
        ACCESS_REVIEW_DORMANT_DAYS: '0',
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(
      /ACCESS_REVIEW_ENABLED must be true or false; ACCESS_REVIEW_DORMANT_DAYS must be a positive whole number/,
    );
  });
});
