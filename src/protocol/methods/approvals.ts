/**
 * `approval.history`: terminal approvals, newest first. Nothing here waits for an approval (no
 * command runs on the gateway host, `exec.approvals.get` denies all, node commands are allowed by the
 * node's pairing, and plugins do not exist), so no approval is ever resolved and the history is empty.
 */
import { Type } from '@sinclair/typebox'

export const ApprovalsMethods = {
  'approval.history': {
    params: Type.Object(
      {
        cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        kind: Type.Optional(Type.Union([Type.Literal('exec'), Type.Literal('plugin'), Type.Literal('system-agent')])),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ items: Type.Array(Type.Never()) }, { additionalProperties: false }),
  },
} as const
