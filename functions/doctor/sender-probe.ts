import {
  GetAccountCommand,
  type GetAccountCommandOutput,
  GetEmailIdentityCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import type { DoctorLine } from './doctor-line.js';

const isNotFound = (error: unknown) => (error as { name?: string })?.name === 'NotFoundException';

/**
 * The sender as SES sees it (`GetEmailIdentity`): the address's own identity, else its domain's.
 * Not verified for sending, or no identity at all, fails: SES would refuse the weekly email.
 */
export async function probeSender(ses: SESv2Client, sender: string, region: string): Promise<DoctorLine> {
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  for (const identity of [sender, domain]) {
    try {
      const answer = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      if (answer.VerifiedForSendingStatus) {
        return {
          status: 'ok',
          text: `SES sender ${sender}: verified for sending (identity ${identity}, ${region})`,
        };
      }
      return {
        status: 'fail',
        text: `SES sender ${sender}: identity ${identity} is not verified for sending (status ${answer.VerificationStatus ?? 'unknown'})`,
        detail: [
          identity === sender
            ? 'confirm the verification mail SES sent to this address'
            : 'publish the DKIM records of the domain (stack outputs SenderDkimRecord*)',
        ],
      };
    } catch (error) {
      if (isNotFound(error)) continue;
      const e = error as Error;
      return {
        status: 'fail',
        text: `SES sender ${sender}: GetEmailIdentity failed (${e.name}: ${e.message})`,
      };
    }
  }
  return {
    status: 'fail',
    text: `SES sender ${sender}: no SES identity for the address or ${domain} in ${region}`,
    detail: ['deploy the stack (it creates the identity) or verify it in the SES console, in AWS_REGION'],
  };
}

/** Whether `identity` (an address) or its domain is verified for sending; `undefined` when neither exists. */
async function isVerified(ses: SESv2Client, address: string): Promise<boolean | undefined> {
  for (const identity of [address, address.slice(address.lastIndexOf('@') + 1)]) {
    try {
      return (
        (await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity })))
          .VerifiedForSendingStatus === true
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return undefined;
}

/**
 * The SES account (`GetAccount`): sending must be enabled, and in the sandbox every recipient (the
 * project's and the tenants') must be a verified identity, or SES refuses the weekly email.
 */
export async function probeSendingAccount(
  ses: SESv2Client,
  recipients: readonly string[],
  region: string,
): Promise<DoctorLine> {
  let account: GetAccountCommandOutput;
  try {
    account = await ses.send(new GetAccountCommand({}));
  } catch (error) {
    const e = error as Error;
    return {
      status: 'warn',
      text: `SES account: not readable (${e.name}: ${e.message}); sandbox status unknown`,
    };
  }
  if (account.SendingEnabled === false) {
    return {
      status: 'fail',
      text: `SES account: sending is disabled in ${region} (enforcement status ${account.EnforcementStatus ?? 'unknown'})`,
    };
  }
  if (account.ProductionAccessEnabled !== false)
    return { status: 'ok', text: `SES account: production access in ${region}` };
  const unverified: string[] = [];
  try {
    for (const recipient of new Set(recipients))
      if ((await isVerified(ses, recipient)) !== true) unverified.push(recipient);
  } catch (error) {
    const e = error as Error;
    return {
      status: 'warn',
      text: `SES account: in the sandbox; recipients not checked (${e.name}: ${e.message})`,
    };
  }
  if (unverified.length === 0) {
    return {
      status: 'ok',
      text: `SES account: in the sandbox in ${region}; all ${recipients.length} recipient(s) are verified identities`,
    };
  }
  return {
    status: 'fail',
    text: `SES account: in the sandbox in ${region}, and ${unverified.length} recipient(s) are not verified identities: ${unverified.join(', ')}`,
    detail: [
      'SES refuses mail to them: deploy with sesSandbox=true and have each confirm the verification mail, or request production access',
    ],
  };
}
