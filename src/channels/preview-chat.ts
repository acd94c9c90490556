/**
 * The chat a live preview writes to, built from an account's adapter: a message sent and edited in
 * place (`chat.postMessage` + `chat.update`, `sendMessage` + `editMessageText`…), or on Slack with
 * `streaming.nativeTransport` a natively streamed message (`chat.startStream`, `chat.appendStream`,
 * `chat.stopStream`) when the reply goes into a thread, which Slack's native stream requires. Every
 * call goes through the chat's pace.
 */
import type { PreviewChat, SentMessage } from './live-preview.ts'
import type { ChannelAdapter, NativeStream } from './types.ts'

type Paced = <T>(send: (adapter: ChannelAdapter) => Promise<T>) => Promise<T>

interface Place {
  chatId: string
  threadId?: string
  replyTo?: () => string | undefined
  recipient?: { userId: string; teamId?: string }
}

/** A message sent, edited in place and deleted through the adapter. */
export function editedChat(paced: Paced, { chatId, threadId, replyTo }: Place): PreviewChat {
  return {
    send: (text) => paced((a) => a.send({ to: chatId, text, threadId, replyToId: replyTo?.() })),
    edit: (sent, text) => paced((a) => a.edit!(sent.chatId, sent.id, text)),
    remove: (sent) => paced((a) => a.remove!(sent.chatId, sent.id)),
  }
}

/**
 * Slack's native stream when the reply has a thread (its own, or the question's under `replyToMode`),
 * else the edited message. The stream only appends, so each update sends the text added since the last.
 */
export function nativeStreamChat(paced: Paced, stream: NativeStream, place: Place): PreviewChat {
  const edited = editedChat(paced, place)
  let native = false
  /** What the message shows: the streamed text, or the edited text. */
  let showing = ''

  return {
    appendOnly: true,
    async send(text) {
      const thread = place.threadId ?? place.replyTo?.()
      if (!thread) {
        const sent = await edited.send(text)
        showing = text
        return sent
      }
      const sent: SentMessage = await paced(() => stream.start(place.chatId, thread, text, place.recipient))
      native = true
      showing = text
      return sent
    },
    async edit(sent, text) {
      if (!native) return edited.edit(sent, text).then(() => void (showing = text))
      await paced(() => stream.append(sent.chatId, sent.id, addedTo(showing, text)))
      showing = text
    },
    remove: edited.remove,
    async finalize(sent, text) {
      if (!native) return text === showing ? undefined : edited.edit(sent, text)
      // A final that does not continue the stream cannot be appended: the stream is closed as it is, and
      // the caller sends the answer normally and deletes this message.
      const added = text.startsWith(showing) ? text.slice(showing.length) : undefined
      await paced(() => stream.stop(sent.chatId, sent.id, added ?? ''))
      if (added === undefined) throw new Error('the final text does not continue the streamed message')
    },
  }
}

function addedTo(shown: string, text: string): string {
  if (!text.startsWith(shown)) throw new Error('a native stream can only be appended to')
  return text.slice(shown.length)
}
