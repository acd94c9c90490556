/**
 * `canvas.*`: this host has no screen, so the canvas commands drive the gateway's canvas host instead.
 *   canvas.write {path, content, encoding?: "utf8"|"base64"} → {path, bytes, url}
 *   canvas.read {path}                                       → {path, content, contentType, bytes}
 *   canvas.present {path?}                                   → {url} once the page exists (for a viewer to open)
 *   canvas.a2ui.push {messages: object[]}                    → appends to a2ui.jsonl, which /__openclaw__/a2ui/ renders
 *   canvas.a2ui.reset {}                                     → empties a2ui.jsonl
 * Open pages reload by themselves on every write (live reload).
 */
import { Type } from '@sinclair/typebox'
import { compileValidator } from '../../protocol/compile-validator.ts'
import type { CanvasClient } from '../canvas-client.ts'
import { NodeCommandError, type NodeCommand } from './types.ts'

const A2UI_FILE = 'a2ui.jsonl'
const Path = Type.String({ minLength: 1, maxLength: 1024 })
const WriteParams = compileValidator(Type.Object({ path: Path, content: Type.String(), encoding: Type.Optional(Type.Union([Type.Literal('utf8'), Type.Literal('base64')])) }))
const ReadParams = compileValidator(Type.Object({ path: Path }))
const PresentParams = compileValidator(Type.Object({ path: Type.Optional(Type.String({ maxLength: 1024 })) }))
const PushParams = compileValidator(Type.Object({ messages: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 1000 }) }))

function check<T>(validator: { check(v: unknown): v is T; explain(v: unknown): string }, params: unknown, command: string): T {
  if (!validator.check(params)) throw new NodeCommandError('INVALID_PARAMS', `${command}: ${validator.explain(params)}`)
  return params
}

async function write(canvas: CanvasClient, path: string, body: Uint8Array) {
  const res = await canvas.write(path, body)
  if (res.status !== 200) throw new NodeCommandError(res.status === 401 ? 'UNAUTHORIZED' : 'CANVAS_WRITE_FAILED', `canvas refused ${path}: ${res.status} ${res.text}`)
  return { path, bytes: body.byteLength, url: canvas.urlOf(path) }
}

export const canvasWrite: NodeCommand = async (params, { canvas }) => {
  const p = check(WriteParams, params, 'canvas.write')
  return write(canvas, p.path, Buffer.from(p.content, p.encoding === 'base64' ? 'base64' : 'utf8'))
}

export const canvasRead: NodeCommand = async (params, { canvas }) => {
  const { path } = check(ReadParams, params, 'canvas.read')
  const res = await canvas.read(path)
  if (res.status === 404) throw new NodeCommandError('NOT_FOUND', `no canvas file ${path}`)
  if (res.status !== 200) throw new NodeCommandError('CANVAS_READ_FAILED', `canvas answered ${res.status} for ${path}`)
  return { path, content: Buffer.from(res.body).toString('utf8'), contentType: res.contentType, bytes: res.body.byteLength }
}

export const canvasPresent: NodeCommand = async (params, { canvas }) => {
  const path = check(PresentParams, params, 'canvas.present').path ?? ''
  const res = await canvas.read(path || 'index.html')
  if (res.status !== 200) throw new NodeCommandError('NOT_FOUND', `nothing to present at ${path || '/'} (${res.status})`)
  return { url: canvas.urlOf(path) }
}

export const canvasA2uiPush: NodeCommand = async (params, { canvas }) => {
  const { messages } = check(PushParams, params, 'canvas.a2ui.push')
  const existing = await canvas.read(A2UI_FILE)
  const before = existing.status === 200 ? Buffer.from(existing.body).toString('utf8') : ''
  const lines = messages.map((m) => JSON.stringify(m)).join('\n')
  const result = await write(canvas, A2UI_FILE, Buffer.from(`${before}${before && !before.endsWith('\n') ? '\n' : ''}${lines}\n`))
  return { ...result, url: canvas.urlOf('').replace(/\/canvas\/$/, '/a2ui/'), pushed: messages.length }
}

export const canvasA2uiReset: NodeCommand = async (_params, { canvas }) => write(canvas, A2UI_FILE, new Uint8Array())
