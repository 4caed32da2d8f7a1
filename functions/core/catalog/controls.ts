/** Controls the built-in sections evidence. PCI DSS numbers are v4.0 requirement 10.2.1.x. */
export const CONTROLS = {
  provisioning: 'SOC 2 CC6.2',
  roleChanges: 'SOC 2 CC6.3',
  loginAnomalies: 'SOC 2 CC6.6',
  privilegedActivity: 'SOC 2 CC7.2',
  pciAdminActions: 'PCI DSS 10.2.1.2',
  pciInvalidAccess: 'PCI DSS 10.2.1.4',
  pciCredentialChanges: 'PCI DSS 10.2.1.5',
  pciPrivilegeReview: 'PCI DSS 7.2.4',
  pciInactiveAccounts: 'PCI DSS 8.2.6',
  isoAccessRights: 'ISO 27001 A.5.18',
  isoPrivilegedAccess: 'ISO 27001 A.8.2',
  pciLogProtection: 'PCI DSS 10.3.2',
  isoLogProtection: 'ISO 27001 A.8.15',
} as const;
