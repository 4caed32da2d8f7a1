import type { Construct } from 'constructs';
import type { ReportFunction } from './constructs/report-function.js';
import { ReportSchedule } from './constructs/report-schedule.js';
import type { ProjectReporterProps } from './project-reporter.js';

/**
 * The project's weekly schedule, its daily one when configured, and its monthly and quarterly ones
 * when they have recipients.
 */
export function addProjectSchedules(
  scope: Construct,
  props: Pick<ProjectReporterProps, 'config' | 'project' | 'failedRuns' | 'scheduleNamePrefix'> & {
    reportFunction: ReportFunction;
  },
): ReportSchedule[] {
  const { config, project } = props;
  const common = {
    target: props.reportFunction.function,
    deadLetterQueue: props.failedRuns.queue,
    timeZone: config.scheduleTimezone,
  };
  const schedules = [
    new ReportSchedule(scope, 'Schedule', {
      ...common,
      cron: project.scheduleCron,
      scheduleName: `${props.scheduleNamePrefix}-weekly`,
    }),
  ];
  // The daily review (PCI DSS 10.4.1): only when its cron is configured.
  if (project.dailyScheduleCron)
    schedules.push(
      new ReportSchedule(scope, 'DailySchedule', {
        ...common,
        cron: project.dailyScheduleCron,
        timeZone: config.dailyScheduleTimezone,
        scheduleName: `${props.scheduleNamePrefix}-daily`,
        report: 'day',
      }),
    );
  // Monthly and quarterly rollups of the stored weeks: only when their recipients are configured.
  const rollups = [
    {
      report: 'month' as const,
      recipients: project.monthlyReportRecipients,
      cron: project.monthlyReportCron,
    },
    {
      report: 'quarter' as const,
      recipients: project.quarterlyReportRecipients,
      cron: project.quarterlyReportCron,
    },
  ];
  for (const { report, recipients, cron } of rollups) {
    if (!recipients) continue;
    schedules.push(
      new ReportSchedule(scope, report === 'month' ? 'MonthlySchedule' : 'QuarterlySchedule', {
        ...common,
        cron,
        scheduleName: `${props.scheduleNamePrefix}-${report}ly`,
        report,
      }),
    );
  }
  return schedules;
}
