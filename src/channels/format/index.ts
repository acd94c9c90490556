/**
 * Outbound Markdown in each provider's format (docs/concepts/markdown-formatting): parsed once into
 * the IR, split to the provider's limit as measured after rendering, and rendered per chunk, each
 * with its plain-text twin for a provider that refuses the markup.
 */
import type { ChunkMode } from '../../config/channels-schema.ts'
import type { OutboundText, Provider } from '../types.ts'
import { chunkIR } from './chunk-ir.ts'
import { discordMarkdown } from './dialects/discord-markdown.ts'
import { plainText } from './dialects/plain.ts'
import { renderSignal } from './dialects/signal-styles.ts'
import { slackMrkdwn } from './dialects/slack-mrkdwn.ts'
import { telegramHtml } from './dialects/telegram-html.ts'
import { whatsappMarkers } from './dialects/whatsapp.ts'
import type { MarkdownIR } from './ir.ts'
import { parseMarkdown } from './parse-markdown.ts'
import { renderIR } from './render.ts'
import type { TableMode } from './tables.ts'

export type { TableMode } from './tables.ts'

/** One message of a reply, ready to send, and the same words without markup. */
export interface RenderedText extends OutboundText {
  plain: string
}

export interface RenderOptions {
  /** The provider's per-message limit, in rendered characters. */
  limit: number
  chunkMode: ChunkMode
  tables: TableMode
}

interface ProviderFormat {
  /** Whether `||text||` is a spoiler on this provider. */
  spoilers: boolean
  render(ir: MarkdownIR): OutboundText
}

const FORMATS: Record<Provider, ProviderFormat> = {
  telegram: { spoilers: true, render: (ir) => ({ text: renderIR(ir, telegramHtml), markup: true }) },
  slack: { spoilers: false, render: (ir) => ({ text: renderIR(ir, slackMrkdwn) }) },
  discord: { spoilers: true, render: (ir) => ({ text: renderIR(ir, discordMarkdown) }) },
  whatsapp: { spoilers: false, render: (ir) => ({ text: renderIR(ir, whatsappMarkers) }) },
  signal: { spoilers: true, render: renderSignal },
  imessage: { spoilers: false, render: (ir) => ({ text: renderIR(ir, plainText) }) },
}

/**
 * @example renderReply('telegram', 'Hello **world**', { limit: 4096, chunkMode: 'length', tables: 'code' })
 * // → [{ text: 'Hello <b>world</b>', markup: true, plain: 'Hello world' }]
 */
export function renderReply(provider: Provider, markdown: string, o: RenderOptions): RenderedText[] {
  const format = FORMATS[provider]
  const ir = parseMarkdown(markdown, { spoilers: format.spoilers, tables: o.tables })
  // Each piece is rendered to be measured; the piece the chunker keeps is the one it measured, so its
  // rendering is kept rather than made again.
  const rendered = new Map<MarkdownIR, OutboundText>()
  const measure = (chunk: MarkdownIR): number => {
    const out = format.render(chunk)
    rendered.set(chunk, out)
    return out.text.length
  }
  return chunkIR(ir, o.limit, o.chunkMode, measure).map((chunk) => ({ ...(rendered.get(chunk) ?? format.render(chunk)), plain: renderIR(chunk, plainText) }))
}
