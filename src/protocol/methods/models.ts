/** `models.list` and `models.authStatus`: the configured model catalog and its credentials. */
import { Type } from '@sinclair/typebox'

const NonEmpty = Type.String({ minLength: 1 })

const ModelChoice = Type.Object(
  {
    id: NonEmpty,
    name: NonEmpty,
    provider: NonEmpty,
    /** The provider has what it needs to be called (a key, or an endpoint that takes none). */
    available: Type.Boolean(),
    /** For clients with the `model-selection-policy` cap: no allowlist here, every row may be picked. */
    manualSelectionAllowed: Type.Optional(Type.Boolean()),
    /** With `includeDetails`: the endpoint is on this host. */
    local: Type.Optional(Type.Boolean()),
    /** With `includeDetails`, when the model's entry names it. */
    contextWindow: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)

const AuthProfile = Type.Object({ id: NonEmpty, type: Type.Literal('api_key') }, { additionalProperties: false })

export const ModelsMethods = {
  'models.list': {
    params: Type.Object(
      {
        agentId: Type.Optional(NonEmpty),
        sessionKey: Type.Optional(NonEmpty),
        provider: Type.Optional(NonEmpty),
        includeDetails: Type.Optional(Type.Boolean()),
        includeProviderCapabilities: Type.Optional(Type.Boolean()),
        includeDefaultModels: Type.Optional(Type.Boolean()),
        /** The catalog here is the configuration, always prepared: these only may not both be set. */
        preparedOnly: Type.Optional(Type.Boolean()),
        refresh: Type.Optional(Type.Boolean()),
        /** Every view is the configured catalog: there is no discovery or allowlist to differ by. */
        view: Type.Optional(Type.Union([Type.Literal('default'), Type.Literal('configured'), Type.Literal('provider-config'), Type.Literal('all')])),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ models: Type.Array(ModelChoice) }, { additionalProperties: false }),
  },
  'models.authStatus': {
    params: Type.Object({ refresh: Type.Optional(Type.Boolean()), agentId: Type.Optional(Type.String()) }, { additionalProperties: false }),
    result: Type.Object(
      {
        ts: Type.Integer(),
        providers: Type.Array(
          Type.Object(
            {
              provider: NonEmpty,
              /** `static`: an API key (never expires); `ok`: an endpoint that needs none; `missing`: no key for a service that needs one. */
              status: Type.Union([Type.Literal('static'), Type.Literal('ok'), Type.Literal('missing')]),
              profiles: Type.Array(AuthProfile),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
} as const
