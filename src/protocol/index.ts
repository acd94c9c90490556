/** The wire contract: what clients and `schemas/` import. Depends on nothing else in src/. */
export * from './constants.ts'
export * from './frame.ts'
export * from './connect.ts'
export * from './errors.ts'
export * from './events.ts'
export { Methods, type MethodName, type MethodSchemas } from './methods/index.ts'
export { compileValidator, type Validator } from './validate.ts'
