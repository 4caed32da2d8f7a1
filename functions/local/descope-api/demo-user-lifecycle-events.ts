import { randomDescopeId } from './demo-population.js';
import type { DemoWeek } from './demo-week.js';

/** Sign-ups and admin-created users, one batch import, deletions (single and batch). */
export function addUserLifecycle(week: DemoWeek): void {
  const { rng } = week;
  const { admins, tenants } = week.population;
  for (let i = rng.int(10, 25); i > 0; i--) {
    const tenant = rng.chance(0.6) ? rng.pick(tenants) : undefined;
    const loginId = `new.user${rng.int(1000, 9999)}@${tenant?.domain ?? 'mail.example'}`;
    const selfService = rng.chance(0.5);
    week.add({
      action: 'UserCreated',
      occurred: week.randomTime(),
      userId: randomDescopeId(rng, 'U2'),
      loginIds: [loginId],
      tenants: tenant ? [tenant.id] : [],
      actorId: selfService ? loginId : (admins[rng.int(0, 2)] ?? ''),
      device: selfService ? 'Mobile' : '',
      method: selfService ? 'magiclink' : '',
      geo: selfService ? 'GB' : '',
      remoteAddress: selfService ? '203.0.113.77' : '',
    });
  }
  week.add({
    action: 'UsersCreated',
    occurred: week.randomTime(),
    actorId: admins[2] ?? '',
    data: { count: rng.int(20, 80) },
  });
  for (let i = rng.int(2, 6); i > 0; i--) {
    const user = week.randomUser();
    const base = { userId: user.userId, loginIds: [user.loginId], tenants: [...user.tenants] };
    week.add({
      ...base,
      action: 'UserDeleted',
      occurred: week.randomTime(),
      actorId: admins[rng.int(0, 1)] ?? '',
      geo: 'US',
    });
  }
  if (rng.chance(0.6)) {
    week.add({
      action: 'UsersDeleted',
      occurred: week.randomTime(),
      actorId: admins[2] ?? '',
      data: { count: rng.int(2, 12) },
    });
  }
}
