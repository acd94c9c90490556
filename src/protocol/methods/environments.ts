/**
 * `environments.list`: where sessions can run. Here that is the gateway host alone: the agent runs
 * in the gateway process, with its sessions, tools and workspace. There are no cloud-worker profiles
 * (`projection: "profiles"` lists nothing), and paired nodes are not listed as environments because
 * none can host a session here (the Systems view lists them from `node.list`).
 */
import { Type } from '@sinclair/typebox'

const Environment = Type.Object(
  {
    id: Type.Literal('gateway'),
    type: Type.Literal('local'),
    label: Type.String(),
    status: Type.Literal('available'),
    platform: Type.String(),
    sessionHost: Type.Literal(true),
    trust: Type.Literal('persistent'),
    capabilities: Type.Array(Type.String()),
  },
  { $id: 'EnvironmentSummary', additionalProperties: false },
)

export const EnvironmentsMethods = {
  'environments.list': {
    params: Type.Object(
      {
        /** Adds node command requirements to connected nodes; no node is listed here, so it changes nothing. */
        runtimeId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
        projection: Type.Optional(Type.Literal('profiles')),
        includeDesktopSetup: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ environments: Type.Array(Environment) }, { additionalProperties: false }),
  },
} as const
