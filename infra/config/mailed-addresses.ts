import {
  campaignMailAddresses,
  parseCampaignSettings,
} from '../../functions/core/access/campaign-settings.js';
import type { DeployConfig } from '../config.js';

/**
 * Every address the functions may email: each project's recipients, monthly and quarterly lists
 * and catalog tenant recipients, the cross-project summary's, and the email-shaped campaign reviewers. In the SES sandbox each
 * one needs an identity (and the function's send permission), or SES refuses the message.
 */
export function mailedAddresses(config: DeployConfig): string[] {
  const campaigns = config.accessReviewCampaigns
    ? parseCampaignSettings(config.accessReviewCampaigns)
    : undefined;
  return [
    ...config.projectSet.flatMap((project) => [
      ...project.recipients,
      ...(project.monthlyReportRecipients ?? []),
      ...(project.quarterlyReportRecipients ?? []),
      ...[...(project.queryCatalog?.catalog.tenants.recipients.values() ?? [])].flat(),
    ]),
    ...(config.projectsSummaryRecipients ?? []),
    ...(campaigns?.ok ? campaignMailAddresses(campaigns.settings) : []),
  ];
}
