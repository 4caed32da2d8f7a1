import { allControls } from '../frameworks/control-index.js';
import type { FrameworkSet } from '../frameworks/framework-set.js';

export interface ControlView {
  control: string;
  meaning: string;
  sections: Array<{ id: string; title: string }>;
}

/** A section of the report: a query's, or the access review's (which evidences `accessReview` parts). */
export interface EvidencedSection {
  id: string;
  title: string;
  /** Controls the catalog itself names for a custom query. */
  controls: readonly string[];
  accessReview?: boolean;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Each control the report's sections evidence, with those sections: the framework files' controls
 * in framework and file order (titled from the file), then controls a custom query names in the
 * catalog, by name.
 */
export function buildControlViews(set: FrameworkSet, sections: readonly EvidencedSection[]): ControlView[] {
  const mapped = new Map<string, ControlView>();
  for (const { ref, control } of allControls(set)) {
    if (control.notApplicable) continue;
    const shown = sections.filter((s) =>
      s.accessReview ? control.evidence.accessReview.length > 0 : control.evidence.queries.includes(s.id),
    );
    mapped.set(ref.label, {
      control: ref.label,
      meaning: control.title,
      sections: shown.map(({ id, title }) => ({ id, title })),
    });
  }
  const named = new Map<string, ControlView>();
  for (const section of sections) {
    for (const control of section.controls) {
      const view = mapped.get(control) ??
        named.get(control) ?? { control, meaning: 'Named in the report configuration', sections: [] };
      if (!view.sections.some((s) => s.id === section.id))
        view.sections.push({ id: section.id, title: section.title });
      if (!mapped.has(control)) named.set(control, view);
    }
  }
  return [
    ...[...mapped.values()].filter((v) => v.sections.length > 0),
    ...[...named.values()].sort((a, b) => byText(a.control, b.control)),
  ];
}
