/** `logs.tail`: the gateway's recent log lines, followed with a byte cursor (PROTOCOL.md §4.2). */
import { Type } from '@sinclair/typebox'

export const LogsMethods = {
  'logs.tail': {
    params: Type.Object(
      {
        cursor: Type.Optional(Type.Integer({ minimum: 0 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
        maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        file: Type.String(),
        cursor: Type.Integer({ minimum: 0 }),
        size: Type.Integer({ minimum: 0 }),
        /** One JSON object per line: `{time, level, subsystem, message}`. */
        lines: Type.Array(Type.String()),
        truncated: Type.Boolean(),
        reset: Type.Boolean(),
        skippedBytes: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
  },
} as const
