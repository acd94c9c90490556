import { expect, test } from 'bun:test'
import { renderReply } from './format/index.ts'
import { createLivePreview, type PreviewChat } from './live-preview.ts'
import type { StreamingSettings } from './types.ts'

function recordingChat() {
  const ops: [string, string][] = []
  let next = 1
  const chat: PreviewChat = {
    send: async ({ text }) => (ops.push(['send', text]), { id: String(next++), chatId: 'c' }),
    edit: async (_m, { text }) => void ops.push(['edit', text]),
    remove: async (m) => void ops.push(['remove', m.id]),
  }
  return { chat, ops }
}

const settings = (mode: StreamingSettings['mode']): StreamingSettings => ({ mode, chunkMode: 'length', toolProgress: false })
const idle = () => Bun.sleep(5)
const render = (markdown: string, chunkMode: StreamingSettings['chunkMode']) => renderReply('imessage', markdown, { limit: 4000, chunkMode, tables: 'code' })

test('block: the preview appears only at a break with at least 200 new characters, then the final replaces it', async () => {
  const { chat, ops } = recordingChat()
  const p = createLivePreview(chat, { streaming: settings('block'), render, editIntervalMs: 0 })
  const first = `${'a'.repeat(150)}\n\n`
  p.text(first)
  await idle()
  expect(ops).toEqual([])
  const second = `${first}${'b '.repeat(60).trimEnd()}\n\nc`
  p.text(second)
  await idle()
  expect(ops).toEqual([['send', `${first}${'b '.repeat(60)}`.trimEnd()]])
  await p.finish(`${second}ccc`, async () => void ops.push(['deliver', '']))
  expect(ops.at(-1)).toEqual(['edit', `${second}ccc`])
})

test('a preview whose final edit fails is replaced by a normal delivery and deleted', async () => {
  const { chat, ops } = recordingChat()
  chat.edit = async () => {
    throw new Error('message to edit not found')
  }
  const p = createLivePreview(chat, { streaming: settings('partial'), render, editIntervalMs: 20 })
  p.text('hel')
  await idle()
  p.text('hello world')
  await p.finish('hello world', async (text) => void ops.push(['deliver', text]))
  expect(ops).toEqual([['send', 'hel'], ['deliver', 'hello world'], ['remove', '1']])
})

test('a failed run deletes its preview; a progress draft never shows answer text', async () => {
  const { chat, ops } = recordingChat()
  const p = createLivePreview(chat, { streaming: settings('progress'), render, editIntervalMs: 0 })
  p.text('partial answer')
  p.tool('search')
  await idle()
  await p.abandon()
  expect(ops).toEqual([['send', 'Working…'], ['remove', '1']])
})

test('the final edit does not wait for the edit interval: drafts keep it, the answer goes at once', async () => {
  const { chat, ops } = recordingChat()
  // An interval no test could wait out: if the final waited for it, this test would time out.
  const p = createLivePreview(chat, { streaming: settings('partial'), render, editIntervalMs: 600_000 })
  p.text('one')
  await idle()
  p.text('one two')
  p.text('one two three')
  await idle()
  // The drafts are held by the interval: only the first text is out.
  expect(ops).toEqual([['send', 'one']])
  await p.finish('one two three four', async (text) => void ops.push(['deliver', text]))
  expect(ops).toEqual([['send', 'one'], ['edit', 'one two three four']])
})
