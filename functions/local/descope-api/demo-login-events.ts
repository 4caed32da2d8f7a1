import { DEMO_COUNTRIES, type DemoUser, HOSTILE_LOGIN_ID, randomAddress } from './demo-population.js';
import type { DemoWeek } from './demo-week.js';

const MINUTE_MS = 60_000;
const DEVICES = ['Desktop', 'Mobile', 'Tablet', 'Unknown', 'Bot'];
const MULTI_STEP = new Set(['otp', 'magiclink', 'oauth', 'saml']);
const ERRORS = new Map([
  ['password', 'Invalid password'],
  ['otp', 'Wrong OTP code'],
  ['totp', 'Invalid TOTP code'],
  ['magiclink', 'Magic link expired'],
  ['oauth', 'OAuth provider returned an error'],
  ['saml', 'SAML response validation failed'],
]);

/** Login fields of a user signing in from home (or, now and then, while travelling). */
function loginFields(week: DemoWeek, user: DemoUser, occurred: number) {
  const { rng } = week;
  const geo = rng.chance(0.03) ? '' : rng.chance(0.04) ? rng.pick(DEMO_COUNTRIES) : user.country;
  return {
    occurred,
    userId: user.userId,
    loginIds: [user.loginId],
    tenants: [...user.tenants],
    actorId: user.loginId,
    device: rng.chance(0.9) ? user.device : rng.pick(DEVICES),
    method: user.method,
    geo,
    remoteAddress: rng.pick(user.addresses),
  };
}

function addFailure(week: DemoWeek, user: DemoUser, occurred: number): void {
  const fields = loginFields(week, user, occurred);
  week.add({
    ...fields,
    action: 'LoginFailed',
    type: 'warn',
    data: { error_message: ERRORS.get(fields.method) ?? '' },
  });
}

/**
 * A normal week of sign-ins: successes (with `LoginStarted` before multi-step methods), ordinary
 * failures, lockouts after repeated failures, and two impersonations by support staff.
 */
export function addEverydayLogins(week: DemoWeek): void {
  const { rng } = week;
  for (let i = rng.int(1400, 1700); i > 0; i--) {
    const user = week.randomUser();
    const fields = loginFields(week, user, week.randomTime());
    if (MULTI_STEP.has(fields.method) && rng.chance(0.5)) {
      week.add({ ...fields, action: 'LoginStarted', occurred: fields.occurred - rng.int(5_000, 90_000) });
    }
    week.add({ ...fields, action: 'LoginSucceed' });
  }

  for (let i = rng.int(150, 250); i > 0; i--) {
    if (rng.chance(0.8)) {
      addFailure(week, week.randomUser(), week.randomTime());
      continue;
    }
    // A mistyped login ID: no user behind it.
    const loginId = `${week.randomUser().loginId.replace('.example', '.exmaple')}`;
    week.add({
      action: 'LoginFailed',
      occurred: week.randomTime(),
      type: 'warn',
      loginIds: [loginId],
      actorId: loginId,
      device: rng.pick(DEVICES),
      method: 'password',
      geo: rng.pick(DEMO_COUNTRIES),
      remoteAddress: randomAddress(rng),
      data: { error_message: 'User not found' },
    });
  }

  const hostile = week.population.users.find((u) => u.loginId === HOSTILE_LOGIN_ID);
  for (let i = 0; hostile && i < 3; i++) addFailure(week, hostile, week.randomTime());

  for (let i = rng.int(4, 9); i > 0; i--) {
    const user = week.randomUser();
    const start = week.randomTime();
    for (let attempt = 0; attempt < 5; attempt++)
      addFailure(week, user, start + attempt * rng.int(5_000, 40_000));
    week.add({
      ...loginFields(week, user, start + 4 * MINUTE_MS),
      action: 'LoginExceedMaxAttempts',
      type: 'warn',
      data: { error_message: 'Too many failed attempts, user disabled' },
    });
  }

  for (let i = 0; i < 2; i++) {
    const target = week.randomUser();
    const impersonator = week.population.admins[i % 2] ?? '';
    week.add({
      ...loginFields(week, target, week.randomTime()),
      action: 'LoginSucceed',
      method: 'Impersonate',
      device: 'Desktop',
      geo: 'US',
      remoteAddress: '192.0.2.10',
      actorId: impersonator,
    });
  }
}
