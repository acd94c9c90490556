/**
 * Socket Mode frames are checked before Bolt's client reads them. That client trusts Slack's shapes:
 * an `events_api` envelope whose `payload.event` is null or missing throws inside its socket message
 * handler, where nothing of ours is on the stack, and would end the process. A malformed frame is
 * acked (so Slack does not redeliver it), counted and dropped here instead.
 */
import type { ChannelSink } from '../types.ts'

/** Larger than any real envelope (a message is at most 40,000 characters plus blocks and metadata). */
const MAX_SOCKET_FRAME_BYTES = 1024 * 1024

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Why a Socket Mode text frame is unusable, or undefined when Bolt may have it. */
function checkSocketFrame(text: string): { problem: string; envelopeId?: string } | undefined {
  if (text.length > MAX_SOCKET_FRAME_BYTES) return { problem: `a frame of ${text.length} bytes (over ${MAX_SOCKET_FRAME_BYTES})` }
  let frame: unknown
  try {
    frame = JSON.parse(text)
  } catch {
    return { problem: 'a frame that is not JSON' }
  }
  if (!isObject(frame) || typeof frame.type !== 'string') return { problem: 'a frame without a type' }
  const envelopeId = typeof frame.envelope_id === 'string' ? frame.envelope_id : undefined
  if (frame.type === 'hello' || frame.type === 'disconnect') return undefined
  if (!envelopeId) return { problem: `an envelope of type ${frame.type} without an envelope_id` }
  if (!isObject(frame.payload)) return { problem: `an envelope of type ${frame.type} without a payload`, envelopeId }
  if (frame.type === 'events_api' && !(isObject(frame.payload.event) && typeof frame.payload.event.type === 'string')) {
    return { problem: 'an events_api envelope without an event type', envelopeId }
  }
  return undefined
}

/** The part of Bolt's SocketModeClient this guard replaces: its `ws_message` listener, and `send` for acks. */
interface SocketModeEmitter {
  listeners(event: 'ws_message'): ((data: unknown, isBinary: boolean) => unknown)[]
  removeAllListeners(event: 'ws_message'): unknown
  on(event: 'ws_message', listener: (data: unknown, isBinary: boolean) => void): unknown
  send(envelopeId: string, body?: Record<string, unknown>): Promise<void>
}

/** Puts the frame check in front of the client's own message handler; its rejections become account faults. */
export function guardSocketFrames(client: SocketModeEmitter, sink: ChannelSink): void {
  const handlers = client.listeners('ws_message')
  client.removeAllListeners('ws_message')
  client.on('ws_message', (data, isBinary) => {
    const text = isBinary ? undefined : typeof data === 'string' ? data : new TextDecoder().decode(data as Uint8Array)
    const bad = text === undefined ? { problem: 'a binary frame' } : checkSocketFrame(text)
    if (bad) {
      sink.dropped(bad.problem, new Error('malformed Socket Mode frame'))
      if (bad.envelopeId) void client.send(bad.envelopeId).catch((err) => sink.dropped('the ack of a malformed envelope', err))
      return
    }
    for (const handle of handlers) {
      try {
        void Promise.resolve(handle(data, isBinary)).catch((err) => sink.fault(err, 'Socket Mode message handling'))
      } catch (err) {
        sink.fault(err, 'Socket Mode message handling')
      }
    }
  })
}
