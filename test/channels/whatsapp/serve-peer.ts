/** The real server's answers for a contact the fake WhatsApp endpoint hosts, and reading what the client sent it. */
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { FakePeer } from '../../fakes/whatsapp-peer.ts'
import type { FakeWhatsAppWeb } from '../../fakes/whatsapp-web.ts'

/** Device lists and pre-key bundles, as the real server answers them, for the peer the fake hosts. */
export function servePeer(fake: FakeWhatsAppWeb, peer: FakePeer) {
  fake.on((node, reply) => {
    const children = Array.isArray(node.content) ? (node.content as BinaryNode[]) : []
    const usync = children.find((c) => c.tag === 'usync')
    if (node.tag === 'iq' && usync) {
      const list = (usync.content as BinaryNode[]).find((c) => c.tag === 'list')
      const users = ((list?.content as BinaryNode[]) ?? []).map((u) => ({
        tag: 'user',
        attrs: { jid: u.attrs.jid! },
        content: [{ tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: u.attrs.jid === peer.jid ? [{ tag: 'device', attrs: { id: '0' } }] : [] }] }],
      }))
      reply({ tag: 'iq', attrs: { id: node.attrs.id!, type: 'result', from: 's.whatsapp.net' }, content: [{ tag: 'usync', attrs: {}, content: [{ tag: 'list', attrs: {}, content: users }] }] })
      return true
    }
    const key = children.find((c) => c.tag === 'key')
    if (node.tag === 'iq' && node.attrs.xmlns === 'encrypt' && node.attrs.type === 'get' && key) {
      reply({ tag: 'iq', attrs: { id: node.attrs.id!, type: 'result', from: 's.whatsapp.net' }, content: [{ tag: 'list', attrs: {}, content: [peer.keyBundle()] }] })
      return true
    }
    return false
  })
}

/** The first `<enc>` anywhere in a stanza (direct, or under `<participants><to>`), if it has one. */
export function encIn(node: BinaryNode): BinaryNode | undefined {
  return node.tag === 'enc' ? node : (Array.isArray(node.content) ? (node.content as BinaryNode[]) : []).map(encIn).find(Boolean)
}

/** The first `<enc>` of a stanza that must have one. */
export function findEnc(node: BinaryNode): BinaryNode {
  const enc = encIn(node)
  if (!enc) throw new Error(`no <enc> in the ${node.tag} stanza`)
  return enc
}
