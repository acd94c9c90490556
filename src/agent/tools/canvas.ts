/**
 * `canvas`: list, read, write and delete files in the canvas folder (<stateDir>/canvas), which the
 * gateway serves under /__openclaw__/canvas/. Paths are relative to that folder and confined to it by
 * the same rule as the HTTP routes (platform/confine-path.ts): no `..`, no NUL, no escape through a symlink.
 */
import { join, relative } from 'node:path'
import { writeConfined } from '../../canvas/canvas-files.ts'
import { confinePath } from '../../platform/confine-path.ts'
import { ToolError, stringArg, type AgentTool } from './types.ts'

const MAX_FILE_BYTES = 1024 * 1024
const MAX_LISTED = 500
// Loaded by the first call: no other start-up module needs node:fs/promises, and loading it costs about 1 ms.
const fsp = () => import('node:fs/promises')

export const canvasTool: AgentTool = {
  spec: {
    name: 'canvas',
    description: 'Edit the canvas folder the gateway serves at /__openclaw__/canvas/ (HTML, CSS, JS, images as text). Actions: list, read, write, delete.',
    parameters: {
      type: 'object',
      properties: {
        action: { type: 'string', enum: ['list', 'read', 'write', 'delete'] },
        path: { type: 'string', description: 'File path relative to the canvas folder, e.g. "index.html".' },
        content: { type: 'string', description: 'File content for write.' },
      },
      required: ['action'],
    },
  },
  async run(args, ctx) {
    const { mkdir, readFile, rm } = await fsp()
    const root = ctx.canvasDir
    await mkdir(root, { recursive: true })
    const action = stringArg(args, 'action')
    if (action === 'list') return (await listFiles(root)).join('\n') || '(the canvas folder is empty)'
    const path = stringArg(args, 'path')!
    // The same confinement as the HTTP routes, decided before anything on disk changes.
    const file = confinePath(root, path, action === 'read' ? 'read' : 'write')
    if (!file.ok || file.rel === '') throw new ToolError(`unsafe path: ${path}${file.ok ? '' : ` (${file.reason})`}`)
    if (action === 'read') {
      const text = await readFile(file.path, 'utf8').catch(() => {
        throw new ToolError(`no such file: ${file.rel}`)
      })
      return text.length > MAX_FILE_BYTES ? `${text.slice(0, MAX_FILE_BYTES)}… (truncated)` : text
    }
    if (action === 'write') {
      const content = typeof args.content === 'string' ? args.content : undefined
      if (content === undefined) throw new ToolError('argument "content" must be a string for write')
      if (Buffer.byteLength(content) > MAX_FILE_BYTES) throw new ToolError(`content is larger than ${MAX_FILE_BYTES} bytes`)
      writeConfined(file.path, content)
      return `wrote ${file.rel} (${Buffer.byteLength(content)} bytes)`
    }
    if (action === 'delete') {
      await rm(file.path, { force: true })
      return `deleted ${file.rel}`
    }
    throw new ToolError('action must be one of list, read, write, delete')
  },
}

async function listFiles(root: string): Promise<string[]> {
  const { readdir } = await fsp()
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort()
    .slice(0, MAX_LISTED)
}
