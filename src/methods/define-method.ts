/**
 * `defineMethod` ties a handler to its wire contract in `protocol/methods`: params and result types
 * are inferred from the method name, so there is nothing to keep in sync by hand.
 */
import type { Static } from '@sinclair/typebox'
import type { MethodName } from '../protocol/index.ts'
import type { Methods } from '../protocol/methods/index.ts'
import type { MethodContext } from './context.ts'

/**
 * Who may call: `any` = every authenticated client (health), `node` = node role only,
 * otherwise the operator scope required (`operator.admin` passes everything).
 */
export type MethodAccess = 'any' | 'node' | `operator.${string}`

type Params<N extends MethodName> = Static<(typeof Methods)[N]['params']>
type Result<N extends MethodName> = Static<(typeof Methods)[N]['result']>

export interface MethodDefinition<N extends MethodName = MethodName> {
  readonly name: N
  /** A fixed access rule, or one computed from the params (e.g. `agent` with `/reset` needs admin). */
  readonly access: MethodAccess | ((params: Params<N>) => MethodAccess)
  /**
   * Side-effecting methods replay the first response to a retried `idempotencyKey`
   * (the key is namespaced by `prefix`, then by `scope` when given, e.g. `send:["telegram","default"]:<key>`);
   * a duplicate in flight waits for the first.
   */
  readonly idempotent?: {
    prefix: string
    /** Narrows the key's namespace, e.g. `send` by channel and account. */
    scope?: (params: Params<N>) => string
    /**
     * Answers a retried key itself before the cache is consulted, e.g. `{runId, status:"in_flight"}`
     * while the run the first request started is still going; undefined falls through to the cache.
     */
    duplicate?: (params: Params<N>, ctx: MethodContext) => Result<N> | undefined
  }
  /** Hidden from `hello-ok.features.methods` (the original does not advertise it either). */
  readonly unadvertised?: boolean
  handle(params: Params<N>, ctx: MethodContext): Result<N> | Promise<Result<N>>
}

/** @example export const health = defineMethod('health', { access: 'any', handle: (_p, ctx) => ctx.health.snapshot() }) */
export function defineMethod<N extends MethodName>(name: N, def: Omit<MethodDefinition<N>, 'name'>): MethodDefinition<N> {
  return { name, ...def }
}

// The registry stores definitions of many names side by side; this erases the per-name types.
export type AnyMethod = MethodDefinition<any>
