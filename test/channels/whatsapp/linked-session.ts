/** Puts a linked WhatsApp session on disk, as an earlier QR scan leaves it, so the account starts logged in. */
import { createAuthStore } from '../../../src/channels/whatsapp/auth-store.ts'

export function seedLinkedSession(authDir: string): void {
  const { state, saveCreds } = createAuthStore(authDir).load()
  state.creds.me = { id: '15550001111:7@s.whatsapp.net' }
  saveCreds()
}
