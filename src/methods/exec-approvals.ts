/** `exec.approvals.get`: read-only; nothing runs on the gateway host, so every command is denied there. */
import { sha256Hex } from '../platform/crypto.ts'
import { defineMethod } from './define-method.ts'

const NO_RULES_HASH = sha256Hex('[]')

export const execApprovalsGet = defineMethod('exec.approvals.get', {
  access: 'operator.admin',
  handle: () => ({ enabled: true as const, hash: NO_RULES_HASH, defaultAction: 'deny' as const, rules: [] }),
})
