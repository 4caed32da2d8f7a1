/**
 * A user's IDs as a finding's `about` lists them: the user ID and each login ID of a table cell
 * (lists are joined by `; ` in the tables). Empty values are left out; none at all is `undefined`.
 */
export function usersOf(userId: string, loginIds: string): string[] | undefined {
  const ids = [userId, ...loginIds.split(/;\s*/)].map((s) => s.trim()).filter(Boolean);
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}
