import { describe, expect, it } from 'vitest';
import { checkBaseUrl, derivedBaseUrl } from '../../functions/doctor/descope-base-url.js';

const REGIONAL = 'P2euc1abcdefghijklmnopqrstuvwxyz'; // 32 characters: region "2euc"
const CLASSIC = 'P2abcdefghijklmnopqrstuvwxyz'; // 28 characters: no region

describe('the Descope API host', () => {
  it('is regional for a project ID of 32+ characters, as the SDK derives it', () => {
    expect(REGIONAL).toHaveLength(32);
    expect(derivedBaseUrl(REGIONAL)).toBe('https://api.2euc.descope.com');
    expect(derivedBaseUrl(`${REGIONAL}X`)).toBe('https://api.2euc1.descope.com');
    expect(derivedBaseUrl(CLASSIC)).toBe('https://api.descope.com');
  });

  it('says where requests go when DESCOPE_BASE_URL is unset', () => {
    expect(checkBaseUrl(REGIONAL, undefined)).toEqual({
      url: 'https://api.2euc.descope.com',
      status: 'ok',
      detail: "https://api.2euc.descope.com (derived from the project ID's region; DESCOPE_BASE_URL unset)",
    });
  });

  it('warns, with the fix, when a descope.com base URL is not the project region', () => {
    const check = checkBaseUrl(REGIONAL, 'https://api.descope.com/');
    expect(check.status).toBe('warn');
    expect(check.detail).toBe(
      "https://api.descope.com (DESCOPE_BASE_URL) is not the host of this project's region, https://api.2euc.descope.com: " +
        'unset DESCOPE_BASE_URL or set it to https://api.2euc.descope.com',
    );
  });

  it('takes a custom domain as given, and accepts the matching regional host', () => {
    expect(checkBaseUrl(REGIONAL, 'https://auth.example.com').status).toBe('ok');
    expect(checkBaseUrl(REGIONAL, 'https://api.2euc.descope.com').status).toBe('ok');
  });
});
