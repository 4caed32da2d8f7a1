import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Properties of {@link SenderIdentity}. */
export interface SenderIdentityProps {
  /** From address of the summary email. */
  readonly sender: string;
  /**
   * Verify this whole domain (Easy DKIM) instead of the sender address alone.
   * @default - the sender address is verified
   */
  readonly senderDomain?: string;
  /** Recipients of the summary. */
  readonly recipients: readonly string[];
  /**
   * The account is in the SES sandbox: verify each recipient too and let the function send to them.
   * @default false
   */
  readonly sandbox?: boolean;
}

/**
 * The SES identities the summary is sent through, and the exact identity ARNs `ses:SendEmail`
 * must be allowed on. SES authorizes a send against the identity of the From address; in the
 * sandbox it also checks each recipient's identity, hence their ARNs then.
 */
export class SenderIdentity extends Construct {
  /** The identity the summary is sent from. */
  readonly identity: EmailIdentity;
  /** Identity ARNs the function may call `ses:SendEmail` on. */
  readonly sendEmailArns: string[];

  constructor(scope: Construct, id: string, props: SenderIdentityProps) {
    super(scope, id);
    const sendingIdentity = props.senderDomain ?? props.sender;
    this.identity = new EmailIdentity(this, 'Sender', {
      identity: props.senderDomain ? Identity.domain(props.senderDomain) : Identity.email(props.sender),
    });
    this.sendEmailArns = [this.identity.emailIdentityArn];
    if (!props.sandbox) return;

    const covered = (address: string) =>
      address.toLowerCase() === sendingIdentity.toLowerCase() ||
      (props.senderDomain !== undefined && address.toLowerCase().endsWith(`@${props.senderDomain}`));
    const extra = [...new Set(props.recipients.map((address) => address.toLowerCase()))].filter(
      (address) => !covered(address),
    );
    for (const address of extra) {
      // Keyed by address, not position: reordering the list must not replace (and re-verify) identities.
      const recipient = new EmailIdentity(this, `Recipient ${address}`, {
        identity: Identity.email(address),
      });
      this.sendEmailArns.push(recipient.emailIdentityArn);
    }
  }
}
