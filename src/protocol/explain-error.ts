/**
 * Validation failures worded the way ajv words them, because real clients and the original's close
 * reasons read like "at /client/id: must be equal to one of the allowed values". Loaded only when
 * something failed to validate.
 */
import type { TSchema } from '@sinclair/typebox'
import { Errors, ValueErrorType, type ValueError } from '@sinclair/typebox/errors'

/** The first problem with `value`, worded as ajv words it; '' when the value is valid. */
export function explainFirstError(schema: TSchema, value: unknown): string {
  const first = Errors(schema, value).First()
  return first ? describeError(first) : ''
}

/** Every problem, with dotted paths (config files are read by people, not clients). */
export function listErrors(schema: TSchema, value: unknown): string[] {
  return [...new Set([...Errors(schema, value)].map((e) => `${e.path.slice(1).replaceAll('/', '.') || '(root)'}: ${explainForPeople(e)}`))]
}

/** TypeBox's words, except that a choice among fixed values lists them ("Expected union value" does not). */
function explainForPeople(error: ValueError): string {
  const s = error.schema as Record<string, unknown>
  if (error.type !== ValueErrorType.Union || !isLiteralUnion(s)) return error.message
  const allowed = (s.anyOf as { const: unknown }[]).map((member) => JSON.stringify(member.const))
  return `must be one of ${allowed.join(', ')} (got ${JSON.stringify(error.value)})`
}

function describeError(error: ValueError): string {
  // ajv reports these at the object, not at the offending key.
  if (error.type === ValueErrorType.ObjectAdditionalProperties) return `${at(parentOf(error.path))}must NOT have additional properties`
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    const cut = error.path.lastIndexOf('/')
    const parent = error.path.slice(0, cut)
    return `${at(parent)}must have required property '${error.path.slice(cut + 1)}'`
  }
  return `${at(error.path)}${phrase(error)}`
}

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'))
const at = (path: string) => (path ? `at ${path}: ` : '')

function phrase(error: ValueError): string {
  const s = error.schema as Record<string, unknown>
  switch (error.type) {
    case ValueErrorType.Union:
      return isLiteralUnion(s) ? 'must be equal to one of the allowed values' : 'must match a schema in anyOf'
    case ValueErrorType.Literal:
      return 'must be equal to constant'
    case ValueErrorType.StringMinLength:
      return `must NOT have fewer than ${s.minLength} characters`
    case ValueErrorType.StringMaxLength:
      return `must NOT have more than ${s.maxLength} characters`
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be >= ${s.minimum}`
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `must be <= ${s.maximum}`
    case ValueErrorType.ArrayMaxItems:
      return `must NOT have more than ${s.maxItems} items`
    case ValueErrorType.ArrayMinItems:
      return `must NOT have fewer than ${s.minItems} items`
    case ValueErrorType.String:
      return 'must be string'
    case ValueErrorType.Integer:
      return 'must be integer'
    case ValueErrorType.Number:
      return 'must be number'
    case ValueErrorType.Boolean:
      return 'must be boolean'
    case ValueErrorType.Array:
      return 'must be array'
    case ValueErrorType.Object:
      return 'must be object'
    case ValueErrorType.Null:
      return 'must be null'
    case ValueErrorType.StringPattern:
      return `must match pattern "${s.pattern}"`
    default:
      return error.message.toLowerCase()
  }
}

function isLiteralUnion(schema: Record<string, unknown>): boolean {
  const anyOf = schema.anyOf as Record<string, unknown>[] | undefined
  return Array.isArray(anyOf) && anyOf.every((member) => 'const' in member)
}
