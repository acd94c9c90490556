/**
 * Sessions and their current transcripts from each agent's database of the original
 * (`agents/<agentId>/agent/openclaw-agent.sqlite`): `session_nodes` names each session key's current
 * transcript (`current_session_id`), and `transcript_events` holds the transcript as the agent runtime's
 * event tree (one JSON event per row, `event_zstd` when compressed; each event points at its parent).
 *
 * The conversation is the branch that ends at the newest event, walked back through `parentId`; its
 * `message` events with a user, assistant or tool-result role become our messages (text and tool calls
 * kept; thinking, images and the runtime's own bookkeeping events are not shown by this gateway and are
 * left out). Transcripts of earlier resets, archived sessions and the original's search indexes, memory
 * and usage records stay behind. At most MAX_MESSAGES of a session's newest message events are carried over.
 *
 * A transcript can be far larger than memory allows (every branch, every tool output): only each event's
 * place in the tree (seq, id, parentId, type) is read for all of them, and only the messages carried
 * over are read whole. Each session is handed to `write` as it is read, so one session is held at a time.
 */
import type { Database } from 'bun:sqlite'
import { compileValidator } from '../protocol/compile-validator.ts'
import { TranscriptMessage } from '../protocol/methods/chat.ts'
import { agentIdOf, sessionKindOf } from '../routing/session-keys.ts'
import type { ImportedSession } from '../store/original-import-store.ts'
import type { ImportReport } from './import-report.ts'
import { finiteMs, optionalText } from './row-values.ts'

const MAX_MESSAGES = 2000
const messageShape = compileValidator(TranscriptMessage)

interface NodeRow {
  session_key: unknown
  current_session_id: unknown
  created_at: unknown
  updated_at: unknown
  label: unknown
  archived_at: unknown
  last_interaction_at: unknown
  channel: unknown
}

/** An event's place in the tree. SQLite reads it out of a JSON row; a compressed row comes whole and is decoded here. */
interface PlaceRow {
  seq: number
  is_object: number | null
  id: unknown
  parent_id: unknown
  type: unknown
  event_zstd: Uint8Array | null
}

interface EventRow {
  event_json: string | null
  event_zstd: Uint8Array | null
}

/** Keys and ids already given out (ours are unique across agents and transcripts; the original's per database). */
export interface IdSets {
  keys: Set<string>
  sessions: Set<string>
  messages: Set<string>
}

export function readSessions(agent: Database, folderAgentId: string, report: ImportReport, ids: IdSets, write: (s: ImportedSession) => void): void {
  const rows = agent.query<NodeRow, []>(`SELECT n.session_key, n.current_session_id, n.created_at, n.updated_at, n.label, n.archived_at,
      n.last_interaction_at, w.channel
    FROM session_nodes n LEFT JOIN session_windows w ON w.session_id = n.current_session_id ORDER BY n.updated_at, n.session_key`)
  const places = agent.query<PlaceRow, [string]>(`SELECT seq, json_type(j) = 'object' AS is_object, json_extract(j, '$.id') AS id,
      json_extract(j, '$.parentId') AS parent_id, json_extract(j, '$.type') AS type, event_zstd
    FROM (SELECT seq, CASE WHEN json_valid(event_json) THEN event_json END AS j, event_zstd FROM transcript_events WHERE session_id = ?)
    ORDER BY seq`)
  const event = agent.query<EventRow, [string, number]>('SELECT event_json, event_zstd FROM transcript_events WHERE session_id = ? AND seq = ?')
  let sessions = 0
  let messageCount = 0
  let archived = 0
  for (const row of rows.iterate()) {
    const key = optionalText(row.session_key)
    const sessionId = optionalText(row.current_session_id)
    const updatedAtMs = finiteMs(row.updated_at)
    const what = `session ${String(row.session_key)} (agent ${folderAgentId})`
    if (!key || !sessionId || updatedAtMs === undefined) {
      report.skip(what, 'malformed row in session_nodes')
      continue
    }
    if (row.archived_at !== null) {
      archived++
      continue
    }
    if (ids.keys.has(key) || ids.sessions.has(sessionId)) {
      report.skip(what, 'another agent database has a session with the same key or transcript id')
      continue
    }
    const seqs = conversationSeqs(places.iterate(sessionId), what, report)
    const messages = readMessages(seqs.map((seq) => event.get(sessionId, seq)), what, report, ids)
    ids.keys.add(key)
    ids.sessions.add(sessionId)
    const agentId = key.startsWith('agent:') ? agentIdOf(key) : folderAgentId
    write({
      key, sessionId, agentId, kind: sessionKindOf(key), updatedAtMs, messages,
      createdAtMs: finiteMs(row.created_at) ?? messages[0]?.ts ?? updatedAtMs,
      lastInteractionAtMs: finiteMs(row.last_interaction_at),
      ...(optionalText(row.channel) && { channel: row.channel as string }),
      ...(optionalText(row.label) && { label: row.label as string }),
    })
    sessions++
    messageCount += messages.length
  }
  if (archived > 0) report.skip(`${archived} archived sessions (agent ${folderAgentId})`, 'this gateway has no archive; they stay in the original\'s database')
  report.count('sessions', sessions)
  report.count('transcript messages', messageCount)
}

interface Place {
  seq: number
  parentId?: string
  isMessage: boolean
}

/** The seqs of the newest MAX_MESSAGES message events on the branch that ends at the newest event, oldest first. */
function conversationSeqs(rows: Iterable<PlaceRow>, what: string, report: ImportReport): number[] {
  const byId = new Map<string, Place>()
  let newest: string | undefined
  let unreadable = 0
  for (const row of rows) {
    const place = row.event_zstd ? placeOfPacked(row) : row.is_object ? row : undefined
    if (!place) {
      unreadable++
      continue
    }
    if (typeof place.id !== 'string' || place.type === 'session') continue
    byId.set(place.id, { seq: row.seq, isMessage: place.type === 'message', ...(typeof place.parent_id === 'string' && { parentId: place.parent_id }) })
    newest = place.id
  }
  if (unreadable > 0) report.skip(`${what}: ${unreadable} transcript events`, 'not readable JSON (or not decompressible)')
  const seqs: number[] = []
  let older = 0
  const seen = new Set<string>()
  for (let id = newest; id !== undefined && !seen.has(id);) {
    seen.add(id)
    const place = byId.get(id)
    if (!place) break
    if (place.isMessage) {
      if (seqs.length < MAX_MESSAGES) seqs.push(place.seq)
      else older++
    }
    id = place.parentId
  }
  if (older > 0) report.skip(`${what}: its ${older} oldest messages`, `only the newest ${MAX_MESSAGES} of a transcript are carried over`)
  return seqs.reverse()
}

function placeOfPacked(row: PlaceRow): Pick<PlaceRow, 'id' | 'parent_id' | 'type'> | undefined {
  const e = decodeEvent({ event_json: null, event_zstd: row.event_zstd })
  return e && { id: e.id, parent_id: e.parentId, type: e.type }
}

interface TreeEvent {
  type?: unknown
  id?: unknown
  parentId?: unknown
  timestamp?: unknown
  message?: Record<string, unknown>
}

function readMessages(rows: (EventRow | null)[], what: string, report: ImportReport, ids: IdSets): ImportedSession['messages'] {
  const messages: ImportedSession['messages'] = []
  let malformed = 0
  for (const row of rows) {
    const e = row && decodeEvent(row)
    if (!e || !e.message || typeof e.message !== 'object') continue
    const body = toOurMessage(e)
    if (body === null) continue // a role this gateway does not keep
    if (!messageShape.check(body)) {
      malformed++
      continue
    }
    let id = e.id as string
    if (ids.messages.has(id)) id = crypto.randomUUID()
    ids.messages.add(id)
    messages.push({ id, role: body.role, body, ts: body.timestamp })
  }
  if (malformed > 0) report.skip(`${what}: ${malformed} messages`, 'malformed message events')
  return messages
}
function decodeEvent(row: EventRow): TreeEvent | undefined {
  try {
    const text = row.event_json ?? (row.event_zstd ? Bun.zstdDecompressSync(row.event_zstd).toString('utf8') : undefined)
    const parsed = text === undefined ? undefined : JSON.parse(text)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

const KEPT_ROLES = new Set(['user', 'assistant', 'toolResult'])

/** The original's message in the shape `chat.history` returns here (agent/transcript.ts); null for other roles. */
function toOurMessage(e: TreeEvent): Record<string, unknown> | null {
  const m = e.message!
  if (!KEPT_ROLES.has(m.role as string)) return null
  const timestamp = finiteMs(m.timestamp) ?? (typeof e.timestamp === 'string' ? Date.parse(e.timestamp) : undefined)
  const content = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : Array.isArray(m.content) ? m.content.flatMap(toBlock) : m.content
  return {
    role: m.role, content, timestamp,
    ...(m.role === 'toolResult' && {
      ...(typeof m.toolCallId === 'string' && { toolCallId: m.toolCallId }),
      ...(typeof m.toolName === 'string' && { toolName: m.toolName }),
      ...(typeof m.isError === 'boolean' && { isError: m.isError }),
    }),
    ...(m.role === 'assistant' && typeof m.stopReason === 'string' && { stopReason: m.stopReason }),
  }
}

function toBlock(b: unknown): Record<string, unknown>[] {
  if (!b || typeof b !== 'object') return [b as Record<string, unknown>] // fails the shape check: counted as malformed
  const block = b as Record<string, unknown>
  if (block.type === 'text') return [{ type: 'text', text: block.text }]
  if (block.type === 'toolCall') return [{ type: 'toolCall', id: block.id, name: block.name, arguments: block.arguments ?? {} }]
  return [] // thinking, images: not shown by this gateway
}
