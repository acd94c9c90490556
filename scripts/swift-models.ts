/**
 * Swift Codable models from the generated JSON Schema. Deterministic: the same schema always gives the
 * same text. Objects become structs, string-literal unions become String enums, records become
 * dictionaries, and anything open becomes `JSONValue`.
 */
type Schema = Record<string, any>

const SWIFT_KEYWORDS = new Set(['protocol', 'default', 'operator', 'public', 'private', 'internal', 'case', 'enum', 'struct', 'class', 'func', 'let', 'var', 'import', 'return', 'self', 'type', 'where', 'in', 'is', 'as', 'extension', 'static', 'init', 'repeat', 'switch', 'if', 'else', 'for', 'while', 'do', 'true', 'false', 'nil', 'super', 'throw', 'throws', 'try', 'catch', 'guard', 'defer', 'break', 'continue', 'fallthrough', 'inout', 'subscript', 'typealias', 'associatedtype', 'deinit', 'any', 'some'])

const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
const camel = (s: string) => {
  const p = pascal(s)
  return p ? p[0]!.toLowerCase() + p.slice(1) : 'value'
}
const ident = (s: string) => {
  const base = /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : camel(s)
  return SWIFT_KEYWORDS.has(base) ? `\`${base}\`` : base
}

export function swiftModels(defs: Record<string, Schema>): string {
  const out: string[] = []
  const emitted = new Set<string>()

  function typeOf(schema: Schema, nameHint: string): string {
    if (schema.$id && schema.$id !== nameHint && defs[schema.$id] === undefined) return emit(schema, schema.$id)
    if (schema.anyOf) {
      const members: Schema[] = schema.anyOf
      if (members.every((m) => typeof m.const === 'string')) return emit(schema, schema.$id ?? nameHint)
      const nonNull = members.filter((m) => m.type !== 'null')
      if (nonNull.length === 1) return typeOf(nonNull[0]!, nameHint)
      return 'JSONValue'
    }
    if (schema.const !== undefined) return typeof schema.const === 'string' ? 'String' : typeof schema.const === 'boolean' ? 'Bool' : 'Double'
    switch (schema.type) {
      case 'string':
        return 'String'
      case 'integer':
        return 'Int'
      case 'number':
        return 'Double'
      case 'boolean':
        return 'Bool'
      case 'null':
        return 'JSONValue'
      case 'array':
        return `[${schema.items ? typeOf(schema.items, `${nameHint}Item`) : 'JSONValue'}]`
      case 'object': {
        if (schema.patternProperties) {
          const value = Object.values(schema.patternProperties)[0] as Schema
          return `[String: ${typeOf(value, `${nameHint}Value`)}]`
        }
        if (!schema.properties || Object.keys(schema.properties).length === 0) return '[String: JSONValue]'
        return emit(schema, schema.$id ?? nameHint)
      }
      default:
        return 'JSONValue'
    }
  }

  function emit(schema: Schema, name: string): string {
    const typeName = pascal(name)
    if (emitted.has(typeName)) return typeName
    emitted.add(typeName)
    if (schema.anyOf) {
      const cases = (schema.anyOf as Schema[]).map((m) => `    case ${ident(camel(m.const))} = ${JSON.stringify(m.const)}`)
      out.push(`public enum ${typeName}: String, Codable, Sendable, CaseIterable {\n${cases.join('\n')}\n}\n`)
      return typeName
    }
    const required = new Set<string>(schema.required ?? [])
    const lines: string[] = []
    const keys: string[] = []
    for (const [prop, child] of Object.entries(schema.properties as Record<string, Schema>)) {
      const t = typeOf(child, `${typeName}${pascal(prop)}`)
      const name = ident(prop)
      lines.push(`    public let ${name}: ${t}${required.has(prop) ? '' : '?'}`)
      const bare = name.replace(/`/g, '')
      keys.push(bare === prop ? `        case ${name}` : `        case ${name} = ${JSON.stringify(prop)}`)
    }
    const codingKeys = keys.some((k) => k.includes(' = ')) ? `\n\n    enum CodingKeys: String, CodingKey {\n${keys.join('\n')}\n    }` : ''
    out.push(`public struct ${typeName}: Codable, Sendable {\n${lines.join('\n')}${codingKeys}\n}\n`)
    return typeName
  }

  for (const [name, schema] of Object.entries(defs)) {
    const t = typeOf({ ...schema, $id: undefined }, name)
    if (t !== pascal(name)) out.push(`public typealias ${pascal(name)} = ${t}\n`)
  }
  return `${HEADER}\n${out.join('\n')}`
}

const HEADER = `// Generated from schemas/protocol.schema.json by scripts/emit-schemas.ts. Do not edit.
import Foundation

/// Any JSON value, for the open parts of the protocol.
public enum JSONValue: Codable, Sendable, Equatable {
    case string(String), number(Double), bool(Bool), object([String: JSONValue]), array([JSONValue]), null

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .null: try c.encodeNil()
        }
    }
}
`
