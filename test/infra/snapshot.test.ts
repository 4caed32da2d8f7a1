import { describe, expect, it } from 'vitest';
import { synth } from './support/synth.js';

/**
 * Asset hashes follow the function's source, which changes for reasons unrelated to the
 * infrastructure; they are replaced so the snapshot only moves when the infrastructure does.
 */
function normalize(template: unknown): unknown {
  return JSON.parse(
    JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, (_hash, zip) => `[ASSET HASH]${zip ?? ''}`),
  );
}

describe('template snapshot', () => {
  it('matches the reviewed template (alarm email and auditor role on)', () => {
    const { json } = synth({
      alarmEmail: 'oncall@example.com',
      auditorPrincipalArns: ['arn:aws:iam::111122223333:role/ExternalAuditor'],
    });
    expect(normalize(json)).toMatchSnapshot();
  });
});
