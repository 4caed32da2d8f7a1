import { z } from 'zod';

/** One setting as the configuration reference shows it, read from its zod schema. */
export interface SettingRow {
  name: string;
  description: string;
  /** Neither optional nor defaulted: validation fails without it. */
  required: boolean;
  /** The schema's `.default()`, as the value a user would write. */
  defaultValue?: string;
  /** `meta.unset`: what happens when an optional setting without a default is left out. */
  unset?: string;
  /** `meta.examples`, as written. */
  examples: string[];
}

/** Whether a value is optional and its default, found through optional, default and pipe wrappers. */
function presence(schema: z.core.$ZodType): { optional: boolean; defaultValue?: unknown } {
  if (schema instanceof z.ZodDefault) return { optional: true, defaultValue: schema.def.defaultValue };
  if (schema instanceof z.ZodOptional) return { ...presence(schema.def.innerType), optional: true };
  // A transform's input side decides what may be left out (`.default()` before `.transform()`).
  if (schema instanceof z.ZodPipe) return presence(schema.def.in);
  return { optional: false };
}

const written = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value);

/**
 * The settings of an object schema in declaration order. Every setting must carry a
 * `.meta({ description })`: the reference is generated from the schemas alone, so a setting
 * without one is an error naming it.
 */
export function settingRows(schema: z.ZodObject): SettingRow[] {
  return Object.entries(schema.shape).map(([name, setting]) => {
    const meta = (setting as z.ZodType).meta() ?? {};
    const description = typeof meta.description === 'string' ? meta.description.trim() : '';
    if (!description)
      throw new Error(`${name} has no .meta({ description }) for the configuration reference`);
    const { optional, defaultValue } = presence(setting as z.ZodType);
    const unset = typeof meta.unset === 'string' ? meta.unset : undefined;
    const examples = Array.isArray(meta.examples) ? meta.examples.map(written) : [];
    return {
      name,
      description,
      required: !optional,
      defaultValue: defaultValue === undefined ? undefined : written(defaultValue),
      unset,
      examples,
    };
  });
}
