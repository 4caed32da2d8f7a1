/**
 * The fields a reader of the role tables (grants, revocations) takes from each row, by the name it
 * reads them under: the finding and the OCSF export read the same ones.
 */
export const ROLE_CHANGE_FIELDS = {
  occurred: 'occurred',
  role: 'role',
  user: 'userId',
  loginIds: 'loginIds',
  tenant: 'tenant',
  actor: 'actorId',
} as const;
