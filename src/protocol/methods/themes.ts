/**
 * `themes.list`: the Control UI's theme catalog and the selection in force. The original stores a
 * selection per authenticated person (a gateway profile); this gateway has no profiles, so the
 * selection is the gateway's default (Claw, system mode) with no overrides, and the UI keeps a
 * choice in the browser. `themes.get`/`set`/`import` (plugin, personal and agent-made themes) are
 * not served.
 */
import { Type } from '@sinclair/typebox'

const Mode = Type.Union([Type.Literal('light'), Type.Literal('dark')])

const ThemeDescriptor = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    name: Type.String(),
    description: Type.String(),
    source: Type.Literal('builtin'),
    modes: Type.Array(Mode, { minItems: 1 }),
  },
  { $id: 'ThemeDescriptor', additionalProperties: false },
)

export const ThemesMethods = {
  'themes.list': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object(
      {
        current: Type.Object(
          {
            id: Type.String({ minLength: 1 }),
            mode: Type.Union([Mode, Type.Literal('system')]),
            scope: Type.Literal('gateway'),
            overrides: Type.Object({}, { additionalProperties: false }),
          },
          { additionalProperties: false },
        ),
        /** The current theme's entry. */
        theme: ThemeDescriptor,
        themes: Type.Array(ThemeDescriptor),
      },
      { additionalProperties: false },
    ),
  },
} as const
