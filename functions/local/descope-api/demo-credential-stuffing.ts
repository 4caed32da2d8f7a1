import { DAY_MS } from '../../core/period/period.js';
import type { DemoWeek } from './demo-week.js';

/**
 * Credential stuffing: hundreds of login IDs (mostly unknown, some real) tried from a handful of
 * addresses in one country within a few hours; a few real accounts end up locked.
 */
export function addCredentialStuffingBurst(week: DemoWeek, country: string): void {
  const { rng } = week;
  const start = week.weekStart + rng.int(0, 6) * DAY_MS + rng.int(0, 19) * 3_600_000;
  const span = rng.int(2, 4) * 3_600_000;
  const addresses = Array.from({ length: rng.int(3, 5) }, (_, n) => `198.51.100.${200 + n}`);
  const leaked = Array.from({ length: rng.int(300, 500) }, (_, n) => `customer${1000 + n * 7}@mail.example`);
  const burstFields = (occurred: number) => ({
    occurred,
    device: rng.chance(0.7) ? 'Bot' : 'Unknown',
    method: 'password',
    geo: country,
    remoteAddress: rng.pick(addresses),
  });

  for (let i = rng.int(700, 1100); i > 0; i--) {
    const occurred = start + Math.floor(rng.next() * span);
    if (rng.chance(0.15)) {
      const user = week.randomUser();
      const base = {
        userId: user.userId,
        loginIds: [user.loginId],
        tenants: [...user.tenants],
        actorId: user.loginId,
      };
      week.add({
        ...burstFields(occurred),
        ...base,
        action: 'LoginFailed',
        type: 'warn',
        data: { error_message: 'Invalid password' },
      });
      continue;
    }
    const loginId = rng.pick(leaked);
    week.add({
      ...burstFields(occurred),
      loginIds: [loginId],
      actorId: loginId,
      action: 'LoginFailed',
      type: 'warn',
      data: { error_message: 'User not found' },
    });
  }

  for (let i = rng.int(3, 5); i > 0; i--) {
    const user = week.randomUser();
    week.add({
      ...burstFields(start + Math.floor(rng.next() * span)),
      userId: user.userId,
      loginIds: [user.loginId],
      tenants: [...user.tenants],
      actorId: user.loginId,
      action: 'LoginExceedMaxAttempts',
      type: 'warn',
      data: { error_message: 'Too many failed attempts, user disabled' },
    });
  }
}
