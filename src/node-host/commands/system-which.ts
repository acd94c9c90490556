/** `system.which {bins}` → `{bins: {name: path}}` for the names found on this host's PATH. */
import { Type } from '@sinclair/typebox'
import { compileValidator } from '../../protocol/compile-validator.ts'
import { NodeCommandError, type NodeCommand } from './types.ts'

const Params = compileValidator(Type.Object({ bins: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 64 }) }))

export const systemWhich: NodeCommand = async (params) => {
  if (!Params.check(params)) throw new NodeCommandError('INVALID_PARAMS', `system.which: ${Params.explain(params)}`)
  const bins: Record<string, string> = {}
  for (const name of params.bins) {
    // Names only: a path would turn "which" into "does this file exist".
    if (name.includes('/')) continue
    const found = Bun.which(name)
    if (found) bins[name] = found
  }
  return { bins }
}
