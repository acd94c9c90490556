import { expect, test } from 'bun:test'
import type { ChunkMode } from '../config/channels-schema.ts'
import { renderReply } from './format/index.ts'
import { createLivePreview, type PreviewChat } from './live-preview.ts'
import { resolveStreaming, type StreamingKeys } from './streaming-settings.ts'

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

const settings = (mode: StreamingKeys['mode'], keys: StreamingKeys = {}) => resolveStreaming('telegram', { mode, ...keys }).settings
const idle = () => Bun.sleep(5)
const render = (markdown: string, chunkMode: ChunkMode) => renderReply('imessage', markdown, { limit: 4000, chunkMode, tables: 'code' })

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

test('block: a preview that would pass preview.chunk.maxChars is closed at a break and the text goes on in a new message', async () => {
  const { chat, ops } = recordingChat()
  const p = createLivePreview(chat, { streaming: settings('block', { preview: { chunk: { minChars: 10, maxChars: 40 } } }), render, editIntervalMs: 0 })
  const one = 'First paragraph here.\n\n'
  const two = 'Second paragraph, rather longer.\n\n'
  p.text(one)
  p.text(`${one}${two}`)
  await idle()
  p.text(`${one}${two}Third.`)
  await idle()
  await p.finish(`${one}${two}Third.`, async (text) => void ops.push(['deliver', text]))
  // Each message holds whole paragraphs and none passes 40 characters; the last is edited into the rest of the answer.
  expect(ops).toEqual([
    ['send', 'First paragraph here.'],
    ['send', 'Second paragraph, rather longer.'],
    ['edit', 'Second paragraph, rather longer.\n\nThird.'],
  ])
})

test('block: the rest of an answer whose next message had not started goes out the normal way, rendered only there', async () => {
  const { chat, ops } = recordingChat()
  const rendered: string[] = []
  const counting = (markdown: string, chunkMode: ChunkMode) => (rendered.push(markdown), render(markdown, chunkMode))
  const p = createLivePreview(chat, { streaming: settings('block', { preview: { chunk: { minChars: 10, maxChars: 40 } } }), render: counting, editIntervalMs: 0 })
  const one = 'First paragraph here.\n\n'
  const two = 'Second paragraph, rather longer.'
  p.text(one)
  p.text(`${one}${two}`)
  await idle()
  await p.finish(`${one}${two}`, async (text) => void ops.push(['deliver', text]))
  expect(ops).toEqual([['send', 'First paragraph here.'], ['deliver', two]])
  expect(rendered.filter((markdown) => markdown.includes('Second'))).toEqual([])
})

test('block: breakPreference "sentence" lets a block end inside a paragraph', async () => {
  const { chat, ops } = recordingChat()
  const p = createLivePreview(chat, { streaming: settings('block', { preview: { chunk: { minChars: 10, breakPreference: 'sentence' } } }), render, editIntervalMs: 0 })
  p.text('One sentence that is long. Another one')
  await idle()
  expect(ops).toEqual([['send', 'One sentence that is long.']])
})

test('partial: a running tool shows as a line under the text until the answer goes on (preview.toolProgress), raw commandText adds the command', async () => {
  const { chat, ops } = recordingChat()
  const p = createLivePreview(chat, { streaming: settings('partial', { preview: { commandText: 'raw' } }), render, editIntervalMs: 0 })
  p.text('Let me check.')
  await idle()
  p.tool('node_invoke', { command: 'system.run' })
  await idle()
  p.text('Let me check. It is done.')
  await idle()
  expect(ops).toEqual([['send', 'Let me check.'], ['edit', 'Let me check.\n\n🛠️ node_invoke: system.run'], ['edit', 'Let me check. It is done.']])
})

test('partial with preview.toolProgress false: tools leave the preview alone', async () => {
  const { chat, ops } = recordingChat()
  const p = createLivePreview(chat, { streaming: settings('partial', { preview: { toolProgress: false } }), render, editIntervalMs: 0 })
  p.text('Let me check.')
  await idle()
  p.tool('lookup')
  await idle()
  expect(ops).toEqual([['send', 'Let me check.']])
})

test('progress: a custom label, commentary lines, maxLines and maxLineChars shape the draft', async () => {
  const { chat, ops } = recordingChat()
  const streaming = settings('progress', { progress: { label: 'Thinking', toolProgress: true, commentary: true, maxLines: 2, maxLineChars: 20 } })
  const p = createLivePreview(chat, { streaming, render, editIntervalMs: 0 })
  p.text('I will look this up for you now.')
  p.tool('lookup_weather')
  await idle()
  p.tool('a_tool_with_a_very_long_name')
  await idle()
  expect(ops).toEqual([
    ['send', 'Thinking\n💬 I will look this…\n🛠️ lookup_weather'],
    ['edit', 'Thinking\n🛠️ lookup_weather\n🛠️ a_tool_with_a_v…'],
  ])
})

test('progress with label false and no tool lines shows no draft at all', async () => {
  const { chat, ops } = recordingChat()
  const p = createLivePreview(chat, { streaming: settings('progress', { progress: { label: false } }), render, editIntervalMs: 0 })
  p.tool('lookup')
  await idle()
  await p.finish('answer', async (text) => void ops.push(['deliver', text]))
  expect(ops).toEqual([['deliver', 'answer']])
})

test('keys that are accepted but not built are warned about at load', () => {
  const { warnings } = resolveStreaming('slack', { progress: { narration: true, style: 'card', nativeTaskCards: false } })
  expect(warnings).toHaveLength(3)
  expect(resolveStreaming('slack', { mode: 'partial', preview: { toolProgress: false } }).warnings).toEqual([])
})

test('a preview whose calls keep failing stops trying after three, paced, and the answer still goes out', async () => {
  const { chat, ops } = recordingChat()
  let attempts = 0
  chat.send = async () => {
    attempts++
    throw new Error('chat not found')
  }
  const p = createLivePreview(chat, { streaming: settings('partial'), render, editIntervalMs: 5 })
  let words = 0
  const more = async () => (p.text('word '.repeat(++words)), await Bun.sleep(2))
  while (attempts < 3 && words < 5000) await more()
  // Text keeps coming for many more intervals: no fourth attempt.
  for (let i = 0; i < 30; i++) await more()
  await p.finish('the answer', async (text) => void ops.push(['deliver', text]))
  expect(attempts).toBe(3)
  expect(ops).toEqual([['deliver', 'the answer']])
})
