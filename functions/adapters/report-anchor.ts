/** The custom audit action that anchors a sealed report in Descope's own audit trail. */
export const ANCHOR_ACTION = 'ComplianceReportSealed';

/** What an anchor event states, in its `data`. */
export interface ReportAnchorEvent {
  projectId: string;
  period: string;
  /** Bucket key of the anchored `manifest.json`. */
  manifestKey: string;
  /** SHA-256 of the stored manifest bytes, lower-case hex. */
  manifestSha256: string;
  /** The signing key's fingerprint, or null for an unsigned manifest. */
  keyFingerprint: string | null;
}

/** An anchor found in the trail, with the time Descope recorded it (epoch ms). */
export interface FoundAnchor extends ReportAnchorEvent {
  occurred: number;
}

/**
 * Port: anchors in an audit trail the report bucket's writers do not control (Descope's).
 */
export interface ReportAnchor {
  /** Every anchor event naming `manifestKey` recorded in `[from, to]` (epoch ms). */
  find(manifestKey: string, window: { from: number; to: number }): Promise<FoundAnchor[]>;
  write(event: ReportAnchorEvent): Promise<void>;
}
