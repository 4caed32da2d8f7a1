/**
 * Whether a login ID is shaped like an email address: only those can be mailed (a phone number or
 * a username is a valid Descope login ID, not a mailbox).
 */
export const isEmailAddress = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/** The email-shaped entries of `list`, each once, in first-seen order. */
export const emailAddresses = (list: Iterable<string>): string[] => [
  ...new Set([...list].filter(isEmailAddress)),
];
