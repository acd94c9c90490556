/**
 * `exec.approvals.get`: the gateway host's exec policy, in the original's read-only "host-native"
 * shape. This gateway runs no commands on its own host (the agent reaches commands only through
 * node commands an operator approved with the node's pairing), so it is deny with no rules.
 * `exec.approvals.node.*` (a node host's own policy file, relayed to the node) is not served.
 */
import { Type } from '@sinclair/typebox'

export const ExecApprovalsMethods = {
  'exec.approvals.get': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object(
      {
        enabled: Type.Literal(true),
        /** Changes with the rules. */
        hash: Type.String({ minLength: 1 }),
        defaultAction: Type.Literal('deny'),
        rules: Type.Array(Type.Never()),
      },
      { additionalProperties: false },
    ),
  },
} as const
