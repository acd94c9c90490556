/**
 * `plugins.list`: the plugin inventory. This gateway loads no plugins and installs none (its channels
 * and tools are built in), so the list is empty and `mutationAllowed` is false; the original's
 * curated picks come from its own plugin catalog, which does not apply here. `plugins.catalog.browse`
 * (what the Plugins page lists to install) has nothing to offer and says why in `remoteError`.
 * Install, enable and the other catalog methods are not served.
 */
import { Type } from '@sinclair/typebox'

export const PluginsMethods = {
  'plugins.list': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object(
      {
        generation: Type.Integer({ minimum: 0 }),
        plugins: Type.Array(Type.Never()),
        diagnostics: Type.Array(Type.Never()),
        mutationAllowed: Type.Literal(false),
      },
      { additionalProperties: false },
    ),
  },
  'plugins.catalog.browse': {
    params: Type.Object(
      {
        query: Type.Optional(Type.String({ maxLength: 200 })),
        searchSource: Type.Optional(Type.Literal('openclaw-control-ui')),
        intent: Type.Optional(Type.String({ maxLength: 64 })),
        category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ items: Type.Array(Type.Never()), remoteError: Type.String() }, { additionalProperties: false }),
  },
} as const
