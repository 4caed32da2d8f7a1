import {
  campaignMailAddresses,
  parseCampaignSettings,
} from '../../functions/core/access/campaign-settings.js';
import type { DeployConfig } from '../config.js';

/**
 * Every address the function may email: the report's recipients, the monthly and quarterly lists,
 * the catalog's tenant recipients and the email-shaped campaign reviewers. In the SES sandbox each
 * one needs an identity (and the function's send permission), or SES refuses the message.
 */
export function mailedAddresses(config: DeployConfig): string[] {
  const campaigns = config.accessReviewCampaigns
    ? parseCampaignSettings(config.accessReviewCampaigns)
    : undefined;
  return [
    ...config.recipients,
    ...(config.monthlyReportRecipients ?? []),
    ...(config.quarterlyReportRecipients ?? []),
    ...[...(config.queryCatalog?.catalog.tenants.recipients.values() ?? [])].flat(),
    ...(campaigns?.ok ? campaignMailAddresses(campaigns.settings) : []),
  ];
}
