import { GetEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
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
