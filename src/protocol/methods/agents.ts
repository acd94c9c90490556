/** The agent roster: `agents.list` (the Control UI's agent switcher) and `agent.identity.get`. */
import { Type } from '@sinclair/typebox'

const Str = Type.String()
const NonEmpty = Type.String({ minLength: 1 })

const AgentIdentity = Type.Object(
  { name: Type.Optional(Str), theme: Type.Optional(Str), emoji: Type.Optional(Str), avatar: Type.Optional(Str) },
  { additionalProperties: false },
)

const AgentSummary = Type.Object(
  {
    id: NonEmpty,
    name: Type.Optional(Str),
    identity: Type.Optional(AgentIdentity),
    /** The agent's workspace folder (configured, or the default under the state dir). */
    workspace: Type.Optional(Str),
    /** Whether that folder is a Git checkout. */
    workspaceGit: Type.Optional(Type.Boolean()),
    model: Type.Optional(Type.Object({ primary: Type.Optional(Str), fallbacks: Type.Optional(Type.Array(Str)) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
)

export const AgentsMethods = {
  'agents.list': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object(
      {
        defaultId: NonEmpty,
        /** `sole` with one agent: nothing to choose. Left out with several (the original's other cases need its agent ownership config). */
        ownership: Type.Optional(Type.Literal('sole')),
        selectionRequired: Type.Optional(Type.Literal(false)),
        mainKey: NonEmpty,
        scope: Type.Union([Type.Literal('per-sender'), Type.Literal('global')]),
        agents: Type.Array(AgentSummary),
      },
      { additionalProperties: false },
    ),
  },
  'agent.identity.get': {
    params: Type.Object({ agentId: Type.Optional(NonEmpty), sessionKey: Type.Optional(Str) }, { additionalProperties: false }),
    result: Type.Object(
      {
        agentId: NonEmpty,
        name: Type.Optional(NonEmpty),
        nameSource: Type.Optional(Type.Union([Type.Literal('config'), Type.Literal('agent'), Type.Literal('workspace'), Type.Literal('default')])),
        avatar: Type.Optional(NonEmpty),
        emoji: Type.Optional(NonEmpty),
      },
      { additionalProperties: false },
    ),
  },
} as const
