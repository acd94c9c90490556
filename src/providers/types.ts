/**
 * The one shape every model provider streams into. A provider turns a conversation into a stream of
 * text deltas and complete tool calls, ending with `done`; failures are GatewayErrors whose
 * `details.code` names the domain (PROVIDER_AUTH, PROVIDER_RATE_LIMITED, PROVIDER_TIMEOUT, ...).
 * Events come in batches, the ones that arrived together (a network read's worth): a reader handles a
 * batch in one go, so text that arrived at once is seen at once (and paced as one piece, run-events.ts),
 * and a thousand streams cost an asynchronous step per read, not per token.
 */

export interface ToolSpec {
  name: string
  description: string
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>
}

export interface ToolCall {
  id: string
  name: string
  args: Record<string, unknown>
}

/** An image sent inline with a user message; `data` is base64, `mimeType` one the providers accept. */
export interface ImagePart {
  mimeType: string
  data: string
}

export type ModelMessage =
  | { role: 'user'; text: string; images?: ImagePart[] }
  | { role: 'assistant'; text: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; text: string; isError?: boolean }

export interface ModelRequest {
  system: string
  messages: ModelMessage[]
  tools: ToolSpec[]
  signal: AbortSignal
}

/** Tokens one model call used, as the provider reported them; `input` excludes cached prompt tokens. */
export interface Usage {
  input?: number
  output?: number
  /** Prompt tokens served from the provider's cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`). */
  cacheRead?: number
  /** Prompt tokens written to the cache (Anthropic `cache_creation_input_tokens`). */
  cacheWrite?: number
}

export type StreamEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_call'; call: ToolCall }
  | { type: 'done'; stopReason: string; usage?: Usage }

export interface ModelProvider {
  /** `<provider>/<model>`, or `offline` for the built-in responder. */
  readonly label: string
  /** The reply cap sent with each request (`maxTokens` of the model entry, else of the provider). */
  readonly maxTokens?: number
  /** The model's context window in tokens (`contextWindow`): history is trimmed to fit it. */
  readonly contextWindow?: number
  stream(req: ModelRequest): AsyncIterable<StreamEvent[]>
}

/** `details.code` values of provider failures, so callers and tests branch on the domain. */
export type ProviderErrorCode =
  | 'PROVIDER_AUTH'
  | 'PROVIDER_RATE_LIMITED'
  | 'PROVIDER_REJECTED'
  | 'PROVIDER_FAILED'
  | 'PROVIDER_TIMEOUT'
  | 'PROVIDER_NETWORK'
  | 'PROVIDER_STREAM_CUT'
