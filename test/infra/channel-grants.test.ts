import { describe, expect, it } from 'vitest';
import { BASE_SETTINGS, synth } from './support/synth.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('routing channels in the stack', () => {
  const channels = [
    { kind: 'slack', name: 'sec', webhookUrlSecret: 'audit/slack-url' },
    {
      kind: 'webhook',
      name: 'soar',
      url: 'https://soar.example.com/hook',
      signingSecret: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:soar-AbCdEf',
    },
    { kind: 'eventbridge', name: 'bus', eventBusName: 'security' },
  ];

  it('sets REPORT_CHANNELS and grants exactly the channels’ secrets and bus', () => {
    const s = synth({ ...BASE_SETTINGS, channels });
    const text = JSON.stringify(s.json);
    const fn = Object.values(s.json.Resources as Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    const env =
      (fn?.Properties.Environment as { Variables: Record<string, string> } | undefined)?.Variables ?? {};
    expect(JSON.parse(env.REPORT_CHANNELS ?? '[]').map((c: { name: string }) => c.name)).toEqual([
      'sec',
      'soar',
      'bus',
    ]);
    expect(text).toContain('"Sid":"ReadChannelSecrets"');
    expect(text).toContain(':secret:audit/slack-url-??????');
    expect(text).toContain('arn:aws:secretsmanager:eu-west-1:111122223333:secret:soar-AbCdEf');
    expect(text).toContain('"Sid":"PutFindingEvents"');
    expect(text).toContain(':event-bus/security');
  });

  it('grants nothing and sets nothing without channels', () => {
    const text = JSON.stringify(synth(BASE_SETTINGS).json);
    expect(text).not.toContain('REPORT_CHANNELS');
    expect(text).not.toContain('PutFindingEvents');
  });

  it('refuses a channel without its secret, naming the setting', () => {
    expect(() => synth({ ...BASE_SETTINGS, channels: [{ kind: 'slack', name: 'x' }] })).toThrow(/channels/);
  });
});
