/**
 * `themes.list`: the Control UI's theme catalog and the selection in force. The original stores a
 * selection per authenticated person (a gateway profile) over the gateway-wide `ui.prefs`; this
 * gateway has no profiles, so the selection is `ui.prefs.theme`/`themeMode` (which the UI saves with
 * `config.patch`), with no overrides. `themes.get`/`set`/`import` (plugin, personal and agent-made
 * themes, profile selections) are not served.
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
            /** The mode in force when it is not `system`. */
            effectiveMode: Type.Optional(Mode),
            scope: Type.Literal('gateway'),
            overrides: Type.Object({}, { additionalProperties: false }),
            /** The saved theme id when it is not in the catalog (the current theme is then Claw). */
            requestedId: Type.Optional(Type.String({ minLength: 1 })),
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
