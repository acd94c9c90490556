/**
 * Keys in the config file that this gateway does not act on, found at load and reported as warnings
 * (never fatal). The known keys come from the schema at build time (`keyShape`, written into
 * generated/config-validator.ts as CONFIG_KEYS), so a key the schema adds is known without a list to keep.
 * Entries keyed by the user (`channels.telegram.groups.<id>`, `agents.entries.<id>`) and array items
 * (`agents.list[]`) are walked like any other object, under the markers below.
 */
import type { TSchema } from '@sinclair/typebox'

/** In a key shape: what every entry of a record holds, whatever its key. */
const ANY_KEY = '<any key>'
/** In a key shape: what every item of an array holds. */
const ITEM = '<item>'

type Shape = true | { [key: string]: Shape }

/** Nested object of the keys a schema describes; `true` = a leaf, or a value whose keys are free. */
export function keyShape(schema: TSchema): Shape {
  const properties = schema.properties as Record<string, TSchema> | undefined
  if (properties) return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, keyShape(v)]))
  const patterns = Object.values((schema.patternProperties ?? {}) as Record<string, TSchema>)
  if (patterns.length === 1) return nested(ANY_KEY, keyShape(patterns[0]!))
  if (schema.type === 'array' && schema.items && !Array.isArray(schema.items)) return nested(ITEM, keyShape(schema.items as TSchema))
  return true
}

const nested = (marker: string, inner: Shape): Shape => (inner === true ? true : { [marker]: inner })

/** Walks `value` beside the key shape and lists the paths of keys the gateway does not understand. */
export function findUnsupportedKeys(known: unknown, value: unknown, prefix = ''): string[] {
  if (known === true || typeof value !== 'object' || value === null) return []
  const shape = known as Record<string, unknown>
  if (Array.isArray(value)) return Object.hasOwn(shape, ITEM) ? value.flatMap((item, i) => findUnsupportedKeys(shape[ITEM], item, `${prefix}[${i}]`)) : []
  const found: string[] = []
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    const knownChild = Object.hasOwn(shape, ANY_KEY) ? shape[ANY_KEY] : Object.hasOwn(shape, key) ? shape[key] : undefined
    if (knownChild === undefined) found.push(path)
    else found.push(...findUnsupportedKeys(knownChild, child, path))
  }
  return found
}
