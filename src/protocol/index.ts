/**
 * The wire contract: what clients and `schemas/` import. Depends on nothing else in src/.
 * Runtime values here are plain data and functions; the TypeBox schemas themselves are exported as
 * types only, so importing this module does not load TypeBox (generators import the schema files).
 */
export * from './constants.ts'
export * from './errors.ts'
export * from './event-guards.ts'
export type * from './frame.ts'
export type * from './connect.ts'
export type { MethodName, MethodSchemas } from './methods/index.ts'
export { connectParamsValidator, methodParamsValidator, nodeHostStatsValidator, requestFrameValidator, type Validator } from './validate.ts'
