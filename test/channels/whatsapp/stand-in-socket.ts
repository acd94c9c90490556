/** A stand-in for Baileys' socket: tests drive `ev` and read what the adapter asked it to do. */
import { EventEmitter } from 'node:events'
import type { SocketFactory, SocketOptions, WaSocket } from '../../../src/channels/whatsapp/socket.ts'

export class StandInSocket implements WaSocket {
  ev = new EventEmitter()
  user = { id: '15550001111:7@s.whatsapp.net', lid: '99887766@lid' }
  sent: { jid: string; content: Record<string, unknown>; options?: Record<string, unknown> }[] = []
  reads: unknown[] = []
  presences: { type: string; jid?: string }[] = []
  ended = 0
  logouts = 0
  private n = 0

  constructor(readonly opts: SocketOptions) {}

  async sendMessage(jid: string, content: Record<string, unknown>, options?: Record<string, unknown>) {
    this.sent.push({ jid, content, ...(options && { options }) })
    return { key: { id: `OUT${++this.n}` } }
  }
  async sendPresenceUpdate(type: 'composing' | 'paused' | 'available' | 'unavailable', jid?: string) {
    this.presences.push({ type, jid })
  }
  async readMessages(keys: unknown[]) {
    this.reads.push(...keys)
  }
  /** As Baileys: the unlink request, then a loggedOut close. */
  async logout() {
    this.logouts++
    this.close(401)
  }
  end() {
    this.ended++
  }

  open() {
    this.ev.emit('connection.update', { connection: 'open' })
  }
  close(statusCode?: number) {
    const error = statusCode === undefined ? undefined : Object.assign(new Error(`closed ${statusCode}`), { output: { statusCode } })
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error } })
  }
  upsert(...messages: unknown[]) {
    this.ev.emit('messages.upsert', { type: 'notify', messages })
  }
}

export function standInFactory(): SocketFactory & { sockets: StandInSocket[]; last(): StandInSocket } {
  const sockets: StandInSocket[] = []
  const factory = (opts: SocketOptions) => {
    const s = new StandInSocket(opts)
    sockets.push(s)
    return s
  }
  return Object.assign(factory, { sockets, last: () => sockets[sockets.length - 1]! })
}
