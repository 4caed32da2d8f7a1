/**
 * Ways a search backend can depart from what Descope documents (or what the stand-in does by
 * default), each switchable so tests can prove the client copes. None is on by default.
 */
export interface SearchQuirks {
  /** `total` stops counting here, as search backends commonly do. */
  totalCap?: number;
  /**
   * The most records a page holds, whatever `size` asks for. Pages still start at `page × size`,
   * so paging by index past a short page skips records.
   */
  pageSizeCap?: number;
  /** Records carry no `ID`. */
  omitIds?: boolean;
  /** Protobuf JSON: an empty `audits` and a zero `total` are left out of the answer (`{}`). */
  omitEmptyFields?: boolean;
  /** Always newest first, as if `oldestFirst` were not understood. */
  ignoreOldestFirst?: boolean;
  /**
   * The user search's role filter matches project-level roles only: a user holding the role only in
   * a tenant is not returned (whether Descope's filter reaches tenant roles is unverified).
   */
  roleFilterSkipsTenantRoles?: boolean;
}
