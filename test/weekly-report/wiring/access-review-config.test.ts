import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../functions/shared/errors.js';
import {
  accessReviewSettings,
  campaignRunSettings,
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
      directoryRead: 'role-holders',
    });
  });

  it('reads the variables, and names each bad one before any request', () => {
    const config = parseEnvironment(dryRunEnvironmentSchema, {
      ...base,
      ACCESS_REVIEW_ENABLED: 'FALSE',
      ACCESS_REVIEW_DORMANT_DAYS: '30',
      ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: '180',
      ACCESS_REVIEW_DIRECTORY_READ: 'all',
    });
    expect(accessReviewSettings(config)).toEqual({
      enabled: false,
      dormantDays: 30,
      keyExpiryHorizonDays: 180,
      directoryRead: 'all',
    });
    const bad = () =>
      parseEnvironment(dryRunEnvironmentSchema, {
        ...base,
        ACCESS_REVIEW_ENABLED: 'yes',
        ACCESS_REVIEW_DORMANT_DAYS: '0',
        ACCESS_CAMPAIGNS: '{"reviewers":{}}',
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/ACCESS_CAMPAIGNS reviewers must name at least one reviewer/);
    expect(bad).toThrow(
      /ACCESS_REVIEW_ENABLED must be true or false; ACCESS_REVIEW_DORMANT_DAYS must be a positive whole number/,
    );
  });

  it('turns campaigns on with ACCESS_CAMPAIGNS and needs the review page URL for their emails', () => {
    const campaigns = (extra: Record<string, string>) =>
      campaignRunSettings(
        parseEnvironment(dryRunEnvironmentSchema, {
          ...base,
          ACCESS_CAMPAIGNS: '{"reviewers":{"fallback":["lead@corp.example"]}}',
          ...extra,
        }),
      );
    expect(() => campaigns({})).toThrow(/REVIEW_PAGE_URL is required with ACCESS_CAMPAIGNS/);
    const on = campaigns({ REVIEW_PAGE_URL: 'https://review.corp.example/review' });
    expect(on?.pageUrl).toBe('https://review.corp.example/review/');
    expect([on?.settings.cadence, on?.settings.reviewers.fallback]).toEqual([
      'quarterly',
      ['lead@corp.example'],
    ]);
    expect(campaignRunSettings(parseEnvironment(dryRunEnvironmentSchema, base))).toBeUndefined();
  });
});
