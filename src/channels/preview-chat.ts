/**
 * The chat a live preview writes to, built from an account's adapter: a message sent and edited in
 * place (`chat.postMessage` + `chat.update`, `sendMessage` + `editMessageText`…), or on Slack with
 * `streaming.nativeTransport` a natively streamed message (`chat.startStream`, `chat.appendStream`,
 * `chat.stopStream`) when the reply goes into a thread, which Slack's native stream requires. Every
 * call goes through the chat's pace.
 */
import { withPlainFallback } from './format/plain-fallback.ts'
import type { PreviewChat, SentMessage } from './live-preview.ts'
import type { ChannelAdapter, NativeStream } from './types.ts'

type Paced = <T>(send: (adapter: ChannelAdapter) => Promise<T>) => Promise<T>

interface Place {
  chatId: string
  threadId?: string
  replyTo?: () => string | undefined
  recipient?: { userId: string; teamId?: string }
}

/** A message sent, edited in place and deleted through the adapter, in the provider's format (plain text where it refuses the markup). */
export function editedChat(paced: Paced, { chatId, threadId, replyTo }: Place): PreviewChat {
  return {
    send: (body) => paced((a) => {
      const replyToId = replyTo?.()
      return withPlainFallback(body, (b) => a.send({ ...b, to: chatId, threadId, replyToId }))
    }),
    edit: (sent, body) => paced((a) => withPlainFallback(body, (b) => a.edit!(sent.chatId, sent.id, b))),
    remove: (sent) => paced((a) => a.remove!(sent.chatId, sent.id)),
  }
}

/**
 * Slack's native stream when the reply has a thread (its own, or the question's under `replyToMode`),
 * else the edited message. The stream takes the Markdown itself (Slack renders it) and only appends,
 * so each update sends the Markdown added since the last, and the stream ends with the whole answer.
 */
export function nativeStreamChat(paced: Paced, stream: NativeStream, place: Place): PreviewChat {
  const edited = editedChat(paced, place)
  let state: 'none' | 'streaming' | 'stopped' = 'none'
  /** The Markdown the streamed message shows. */
  let streamed = ''

  return {
    appendOnly: true,
    async send(body, markdown) {
      const thread = state === 'none' ? place.threadId ?? place.replyTo?.() : undefined
      if (!thread) return edited.send(body, markdown)
      const sent: SentMessage = await paced(() => stream.start(place.chatId, thread, markdown, place.recipient))
      state = 'streaming'
      streamed = markdown
      return sent
    },
    async edit(sent, body, markdown) {
      if (state !== 'streaming') return edited.edit(sent, body, markdown)
      await paced(() => stream.append(sent.chatId, sent.id, addedTo(streamed, markdown)))
      streamed = markdown
    },
    remove: edited.remove,
    /** The stream takes the whole answer; a draft is edited to its first message's worth. */
    async finalize(sent, body, markdown) {
      if (state !== 'streaming') return edited.edit(sent, body, markdown).then(() => false)
      state = 'stopped'
      // A final that does not continue the stream cannot be appended: the stream is closed as it is, and
      // the caller sends the answer normally and deletes this message.
      const added = markdown.startsWith(streamed) ? markdown.slice(streamed.length) : undefined
      await paced(() => stream.stop(sent.chatId, sent.id, added ?? ''))
      if (added === undefined) throw new Error('the final text does not continue the streamed message')
      return true
    },
  }
}

function addedTo(shown: string, text: string): string {
  if (!text.startsWith(shown)) throw new Error('a native stream can only be appended to')
  return text.slice(shown.length)
}
