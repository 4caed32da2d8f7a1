/**
 * Something a global setup makes once for the whole run though every project's setup asks for it
 * (Vitest loads each project's global setups as modules of their own, so it is kept on
 * `globalThis` of Vitest's process), and disposes of once the last project that used it releases
 * it.
 */
interface Shared<T> {
  value: Promise<T>;
  users: number;
}

const holder = globalThis as { [key: symbol]: Shared<unknown> | undefined };

export function useShared<T>(
  name: string,
  make: () => Promise<T>,
  dispose: (value: T) => Promise<void>,
): { value: Promise<T>; release: () => Promise<void> } {
  const key = Symbol.for(`descope-audit-tests.${name}`);
  holder[key] ??= { value: make(), users: 0 };
  const shared = holder[key] as Shared<T>;
  shared.users += 1;
  return {
    value: shared.value,
    release: async () => {
      shared.users -= 1;
      if (shared.users > 0) return;
      delete holder[key];
      const made = await shared.value.catch(() => undefined);
      if (made !== undefined) await dispose(made);
    },
  };
}
