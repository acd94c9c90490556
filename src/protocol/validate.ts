/**
 * Validators for the hot path. Checking uses code generated at build time (generated/validators.ts);
 * explaining a failure loads TypeBox and the schema on demand, so start-up pays for neither.
 */
import type { Static, TSchema } from '@sinclair/typebox'
import type { ConnectParams } from './connect.ts'
import type { RequestFrame } from './frame.ts'
import type { NodeHostStats } from './methods/nodes.ts'
import { METHOD_PARAM_CHECKS, checkConnectParams, checkNodeHostStats, checkRequestFrame } from './generated/validators.ts'

export interface Validator<T> {
  check(value: unknown): value is T
  /** A one-line description of the first problem, or '' when the value is valid. */
  explain(value: unknown): Promise<string>
}

function validator<T>(check: (value: unknown) => boolean, schema: () => Promise<TSchema>): Validator<T> {
  return {
    check: check as (value: unknown) => value is T,
    async explain(value) {
      const [{ explainFirstError }, s] = await Promise.all([import('./explain-error.ts'), schema()])
      return explainFirstError(s, value)
    },
  }
}

export const requestFrameValidator = validator<Static<typeof RequestFrame>>(checkRequestFrame, async () => (await import('./frame.ts')).RequestFrame)

export const connectParamsValidator = validator<Static<typeof ConnectParams>>(checkConnectParams, async () => (await import('./connect.ts')).ConnectParams)

export const nodeHostStatsValidator = validator<Static<typeof NodeHostStats>>(checkNodeHostStats, async () => (await import('./methods/nodes.ts')).NodeHostStats)

/** The params validator of a method, or undefined when the method has no schema. */
export function methodParamsValidator(method: string): Validator<Record<string, unknown>> | undefined {
  const check = (METHOD_PARAM_CHECKS as Record<string, (value: unknown) => boolean>)[method]
  if (!check) return undefined
  return validator(check, async () => {
    const { Methods } = await import('./methods/index.ts')
    return (Methods as Record<string, { params: TSchema }>)[method]!.params
  })
}
