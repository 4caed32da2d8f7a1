/**
 * Writes the vendored OCSF JSON schemas (vendor/ocsf-schema-1.8.0/) from a compiled OCSF schema:
 * the output of ocsf-schema-compiler in browser mode, which keeps each attribute's profiles
 * (`python -m ocsf_schema_compiler -i -b <ocsf-schema at tag 1.8.0>`). Attributes added by a
 * profile are left out: the schemas are the classes with no profile applied (the events declare
 * none).
 * The encoding follows the OCSF server's JSON schema generator (Schema.JsonSchema, Apache-2.0):
 * one draft-07 schema per class, every object it reaches in `$defs`, attributes typed from the
 * dictionary's types, enums as `enum` (or `const`), `additionalProperties: false`.
 *
 *   npx tsx scripts/ocsf-schema/write-class-schemas.ts compiled-schema-1.8.0.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Attribute {
  caption?: string;
  type: string;
  object_type?: string;
  is_array?: boolean;
  requirement?: string;
  enum?: Record<string, unknown>;
  /** Browser mode: the profiles that add this attribute (`null` for the class's own). */
  profiles?: string[] | null;
}
interface Item {
  name: string;
  caption?: string;
  uid?: number;
  attributes: Record<string, Attribute>;
  constraints?: { just_one?: string[]; at_least_one?: string[] };
}
interface Compiled {
  version: string;
  classes: Record<string, Item>;
  objects: Record<string, Item>;
  dictionary: { types: { attributes: Record<string, { type?: string }> } };
}

/** The classes the report exports, by their OCSF names. */
export const EXPORTED_CLASSES = [
  'authentication',
  'account_change',
  'user_access',
  'entity_management',
  'compliance_finding',
];

type Schema = Record<string, unknown>;

function baseType(types: Compiled['dictionary']['types']['attributes'], type: string): string {
  const is = (base: string) => type === base || types[type]?.type === base;
  if (is('string_t')) return 'string';
  if (is('integer_t') || is('long_t')) return 'integer';
  if (is('float_t')) return 'number';
  if (is('boolean_t')) return 'boolean';
  return type;
}

function encodeAttribute(compiled: Compiled, a: Attribute): Schema {
  const schema: Schema = { title: a.caption };
  if (a.type === 'object_t') schema.$ref = `#/$defs/${String(a.object_type).replaceAll('/', '_')}`;
  else if (a.type === 'integer_t' || a.type === 'string_t') {
    if (a.enum) {
      const values = Object.keys(a.enum)
        .map((k) => (a.type === 'integer_t' ? Number(k) : k))
        .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      if (values.length === 1) schema.const = values[0];
      else schema.enum = values;
    }
    schema.type = a.type === 'integer_t' ? 'integer' : 'string';
  } else if (a.type !== 'json_t') schema.type = baseType(compiled.dictionary.types.attributes, a.type);
  if (!a.is_array) return schema;
  const { $ref, type, enum: values, ...rest } = schema;
  const items: Schema = $ref ? { $ref } : { type, ...(values ? { enum: values } : {}) };
  return { ...rest, type: 'array', items };
}

/** The attributes of an item with no profile applied. */
const ownAttributes = (item: Item) =>
  Object.fromEntries(Object.entries(item.attributes).filter(([, a]) => !a.profiles?.length));

function encodeItem(compiled: Compiled, item: Item): Schema {
  const attributes = ownAttributes(item);
  const names = Object.keys(attributes).sort();
  const justOne = item.constraints?.just_one ?? [];
  const atLeastOne = item.constraints?.at_least_one ?? [];
  const properties: Schema = {};
  const required: string[] = [];
  for (const name of names) {
    const attribute = attributes[name] as Attribute;
    properties[name] = encodeAttribute(compiled, attribute);
    if (!justOne.includes(name) && !atLeastOne.includes(name) && attribute.requirement === 'required')
      required.push(name);
  }
  const schema: Schema = {
    title: item.caption,
    type: 'object',
    properties,
    additionalProperties: names.length === 0,
  };
  if (required.length > 0) schema.required = required.sort();
  const present = (list: string[]) => list.filter((n) => names.includes(n)).sort();
  if (present(justOne).length > 0)
    schema.oneOf = present(justOne).map((n, _, all) => ({
      required: [n],
      not: { required: all.filter((o) => o !== n) },
    }));
  if (present(atLeastOne).length > 0) schema.anyOf = present(atLeastOne).map((n) => ({ required: [n] }));
  return schema;
}

/** Every object a class reaches, through object attributes at any depth. */
function objectsOf(compiled: Compiled, item: Item, seen = new Set<string>()): Set<string> {
  for (const a of Object.values(ownAttributes(item))) {
    if (a.type !== 'object_t' || !a.object_type || seen.has(a.object_type)) continue;
    const object = compiled.objects[a.object_type];
    if (!object) throw new Error(`object ${a.object_type} is not in the compiled schema`);
    seen.add(a.object_type);
    objectsOf(compiled, object, seen);
  }
  return seen;
}

export function classSchema(compiled: Compiled, name: string): Schema {
  const item = compiled.classes[name];
  if (!item) throw new Error(`class ${name} is not in the compiled schema`);
  const defs: Schema = {};
  for (const object of [...objectsOf(compiled, item)].sort())
    defs[object.replaceAll('/', '_')] = encodeItem(compiled, compiled.objects[object] as Item);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://schema.ocsf.io/schema/classes/${name}`,
    ...encodeItem(compiled, item),
    $defs: defs,
  };
}

if (process.argv[1]?.endsWith('write-class-schemas.ts')) {
  const [input] = process.argv.slice(2);
  if (!input) throw new Error('usage: write-class-schemas.ts <compiled-schema.json>');
  const compiled = JSON.parse(readFileSync(input, 'utf8')) as Compiled;
  const out = join('vendor', `ocsf-schema-${compiled.version}`, 'classes');
  mkdirSync(out, { recursive: true });
  for (const name of EXPORTED_CLASSES)
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify(classSchema(compiled, name), null, 1)}\n`);
  process.stdout.write(`Wrote ${EXPORTED_CLASSES.length} class schemas to ${out}\n`);
}
