import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config.js';
import { BASE_SETTINGS, getAtt, idAt, type Synthesized, synth } from './support/synth.js';

type ScheduleProps = {
  Name: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  Target: { Arn: unknown; RoleArn: unknown; Input: string; DeadLetterConfig: unknown };
};

const schedules = (s: Synthesized) =>
  Object.values(s.template.findResources('AWS::Scheduler::Schedule')).map(
    (r) => (r as { Properties: ScheduleProps }).Properties,
  );

const variables = (s: Synthesized) => {
  const fn = Object.values(s.template.findResources('AWS::Lambda::Function')).find((r) =>
    String((r as { Properties: { FunctionName?: string } }).Properties.FunctionName).endsWith('-report'),
  ) as { Properties: { Environment: { Variables: Record<string, unknown> } } } | undefined;
  return fn?.Properties.Environment.Variables ?? {};
};

describe('the daily review schedule', () => {
  it('is off by default: no daily schedule, and the function is told of none', () => {
    const s = synth();
    expect(schedules(s).map((p) => p.Name)).toEqual(['DescopeAuditReport-weekly']);
    expect(variables(s)).not.toHaveProperty('REPORT_DAILY_SCHEDULE');
  });

  it('runs the day just ended from the scheduled time only, dead-lettering what Scheduler cannot deliver', () => {
    const s = synth({ dailyScheduleCron: 'cron(30 1 * * ? *)', dailyScheduleTimezone: 'Europe/Berlin' });
    const daily = schedules(s).find((p) => p.Name === 'DescopeAuditReport-daily');
    expect(daily).toMatchObject({
      ScheduleExpression: 'cron(30 1 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: {
        Arn: getAtt(idAt(s, 'ReportFunction', 'Function')),
        RoleArn: getAtt(idAt(s, 'DailySchedule', 'Role')),
        Input: '{"period":"day","scheduledTime":"<aws.scheduler.scheduled-time>"}',
        DeadLetterConfig: { Arn: getAtt(idAt(s, 'FailedRuns', 'Queue')) },
      },
    });
    // The weekly schedule is unchanged beside it.
    expect(
      schedules(s)
        .map((p) => p.Name)
        .sort(),
    ).toEqual(['DescopeAuditReport-daily', 'DescopeAuditReport-weekly']);
    // The function states the schedule in its reports (PCI DSS 10.4.1's evidence).
    expect(variables(s).REPORT_DAILY_SCHEDULE).toBe('cron(30 1 * * ? *) Europe/Berlin');
  });

  it('refuses a cron or time zone that is not one, naming the setting', () => {
    const valid = { ...BASE_SETTINGS, recipients: [...BASE_SETTINGS.recipients] };
    expect(() => parseDeployConfig({ ...valid, dailyScheduleCron: 'every day' })).toThrow(
      /dailyScheduleCron/,
    );
    expect(() =>
      parseDeployConfig({
        ...valid,
        dailyScheduleCron: '30 1 * * ? *',
        dailyScheduleTimezone: 'Mars/Olympus',
      }),
    ).toThrow(/dailyScheduleTimezone/);
    expect(parseDeployConfig({ ...valid, dailyScheduleCron: '30 1 * * ? *' })).toMatchObject({
      dailyScheduleCron: '30 1 * * ? *',
      dailyScheduleTimezone: 'UTC',
    });
  });
});
