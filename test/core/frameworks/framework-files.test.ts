import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { FINDING_RULES } from '../../../functions/core/findings/finding.js';
import {
  BUILTIN_FRAMEWORK_FILES,
  BUILTIN_FRAMEWORKS,
} from '../../../functions/core/frameworks/builtin-frameworks.js';
import { parseFrameworkFile } from '../../../functions/core/frameworks/parse-framework-file.js';

const builtinQueryIds = new Set(BUILTIN_QUERIES.map((q) => q.id));

/** The controls issue 22 names for each framework: the shipped files hold at least these. */
const REQUIRED = new Map<string, string[]>([
  ['soc2', ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6', 'CC7.2', 'CC7.3']],
  [
    'iso27001',
    ['A.5.15', 'A.5.16', 'A.5.17', 'A.5.18', 'A.8.2', 'A.8.5', 'A.8.15', 'A.8.16', 'A.5.28', 'A.5.33'],
  ],
  [
    'pci-dss',
    [
      '7.2.4',
      '8.2.6',
      '8.3.4',
      '10.2.1.2',
      '10.2.1.4',
      '10.2.1.5',
      '10.3.2',
      '10.3.4',
      '10.4.1',
      '10.5.1',
      '10.7.2',
    ],
  ],
  [
    'nist-800-53',
    [
      'AC-2',
      'AC-2(3)',
      'AC-2(4)',
      'AC-2(7)',
      'AC-2(12)',
      'AC-6(7)',
      'AC-6(9)',
      'AC-7',
      'AU-6',
      'AU-9(3)',
      'AU-10',
      'AU-11',
    ],
  ],
  [
    'hipaa',
    [
      '164.308(a)(1)(ii)(D)',
      '164.308(a)(4)(ii)(C)',
      '164.308(a)(5)(ii)(C)',
      '164.312(b)',
      '164.312(c)(1)',
      '164.316(b)(2)(i)',
    ],
  ],
  ['cis-controls', ['5.3', '5.4', '6.1', '6.2', '6.8', '8.2', '8.5', '8.10', '8.11']],
]);

describe('the shipped framework files', () => {
  it('validate against the schema, and hold every control the issue lists', () => {
    for (const { file, text } of BUILTIN_FRAMEWORK_FILES) {
      expect(parseFrameworkFile(file, text, builtinQueryIds), file).toMatchObject({ ok: true });
    }
    expect(BUILTIN_FRAMEWORKS.map((f) => f.framework)).toEqual([...REQUIRED.keys()]);
    for (const framework of BUILTIN_FRAMEWORKS) {
      const ids = framework.controls.map((c) => c.id);
      expect(ids, framework.framework).toEqual(
        expect.arrayContaining(REQUIRED.get(framework.framework) ?? []),
      );
    }
  });

  it('name only queries of the built-in catalog and finding rules that exist', () => {
    for (const framework of BUILTIN_FRAMEWORKS) {
      for (const control of framework.controls) {
        for (const id of control.evidence.queries)
          expect(builtinQueryIds.has(id), `${control.id}: ${id}`).toBe(true);
        for (const rule of control.evidence.findings) expect(FINDING_RULES).toContain(rule);
      }
    }
  });

  it('leave no built-in query and no finding rule unmapped', () => {
    const controls = BUILTIN_FRAMEWORKS.flatMap((f) => f.controls);
    for (const id of builtinQueryIds)
      expect(
        controls.some((c) => c.evidence.queries.includes(id)),
        id,
      ).toBe(true);
    for (const rule of FINDING_RULES)
      expect(
        controls.some((c) => c.evidence.findings.includes(rule)),
        rule,
      ).toBe(true);
  });

  it('state PCI DSS 10.4.1 as a daily review and the retention each framework asks for', () => {
    const control = (framework: string, id: string) =>
      BUILTIN_FRAMEWORKS.find((f) => f.framework === framework)?.controls.find((c) => c.id === id);
    expect(control('pci-dss', '10.4.1')?.reviewFrequency).toBe('daily');
    expect(control('pci-dss', '10.5.1')?.evidence.minimumRetentionDays).toBe(365);
    expect(control('hipaa', '164.316(b)(2)(i)')?.evidence.minimumRetentionDays).toBe(6 * 365);
    expect(control('pci-dss', '10.2.1.1')?.notApplicable).toMatch(/cardholder data/);
  });
});

const VALID = `framework: acme
name: ACME
title: ACME internal controls
version: 1
controls:
  - id: AC-1
    title: Logins are watched
    evidence:
      queries: [lockouts]
`;

describe('a framework file with a mistake', () => {
  const problems = (file: string, text: string) => {
    const result = parseFrameworkFile(file, text, builtinQueryIds);
    return result.ok ? [] : result.problems;
  };

  it('is accepted when right (JSON as well as YAML)', () => {
    expect(parseFrameworkFile('acme.yaml', VALID, builtinQueryIds)).toMatchObject({
      ok: true,
      framework: { framework: 'acme', version: '1', controls: [{ id: 'AC-1' }] },
    });
    const json = JSON.stringify(
      { framework: 'acme', name: 'ACME', title: 't', version: '1', controls: [{ id: 'X-1', title: 'x' }] },
      null,
      2,
    );
    expect(parseFrameworkFile('acme.json', json)).toMatchObject({ ok: true });
  });

  it('names the file, line and column of an unknown query, rule or key', () => {
    expect(problems('acme.yaml', VALID.replace('[lockouts]', '[lockouts, no-such-query]'))).toEqual([
      'acme.yaml:9:27: controls[0].evidence.queries[1]: "no-such-query" is not a query of the catalog (built-in or custom)',
    ]);
    const rule = problems('acme.yaml', `${VALID}      findings: [made-up-rule]\n`);
    expect(rule).toHaveLength(1);
    expect(rule[0]).toMatch(/^acme\.yaml:10:18: controls\[0\]\.evidence\.findings\[0\]: /);
    expect(
      problems(
        'acme.yaml',
        VALID.replace('    title: Logins are watched', '    title: Logins are watched\n    owner: me'),
      ),
    ).toEqual([expect.stringMatching(/^acme\.yaml:8:5: controls\[0\]: .*\(owner\)$/)]);
  });

  it('names the line of a missing field, a repeated control and retention without its days', () => {
    expect(problems('acme.yaml', VALID.replace('    title: Logins are watched\n', ''))).toEqual([
      expect.stringMatching(/^acme\.yaml:6:5: controls\[0\]\.title: /),
    ]);
    const twice = `${VALID}  - id: AC-1\n    title: again\n`;
    expect(problems('acme.yaml', twice)).toEqual([
      expect.stringMatching(/^acme\.yaml:10:9: controls\[1\]\.id: "AC-1" is listed twice$/),
    ]);
    const retention = VALID.replace('queries: [lockouts]', 'integrity: [retention]');
    expect(problems('acme.yaml', retention)).toEqual([
      expect.stringMatching(/^acme\.yaml:9:7: controls\[0\]\.evidence: give minimumRetentionDays/),
    ]);
  });

  it('names the line of a syntax error or a duplicate key, in YAML and in JSON', () => {
    expect(problems('acme.yaml', VALID.replace('name: ACME', 'name: ACME\nname: Other'))).toEqual([
      expect.stringMatching(/^acme\.yaml:3:1: /),
    ]);
    expect(problems('acme.json', '{\n  "framework": "acme",\n  "name": "A",,\n}')).toEqual([
      expect.stringMatching(/^acme\.json:3:\d+: /),
    ]);
    expect(problems('empty.yaml', '')).toEqual([expect.stringMatching(/^empty\.yaml:1:1: /)]);
  });
});
