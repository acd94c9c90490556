/**
 * A validator compiled at run time, for schemas that live outside the wire contract (a node host's
 * command params, a node event payload). Compiled on first use, so merely loading it costs nothing.
 * The wire's own validators are generated at build time instead (validate.ts).
 */
import type { Static, TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import { explainFirstError } from './explain-error.ts'

export function compileValidator<T extends TSchema>(schema: T) {
  let compiled: TypeCheck<T> | undefined
  return {
    check: (value: unknown): value is Static<T> => (compiled ??= TypeCompiler.Compile(schema)).Check(value),
    explain: (value: unknown): string => explainFirstError(schema, value),
  }
}
