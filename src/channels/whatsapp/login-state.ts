/**
 * The QR-linking state of one account, shared by the socket (which learns QR codes and the outcome)
 * and `web.login.*` callers (which wait for them). No SDK here.
 */
import type { QrLoginResult } from '../types.ts'
import { qrPngDataUrl } from './qr-png.ts'

interface LoginSnapshot {
  qr?: string
  connected: boolean
  error?: string
}

export class LoginState {
  private snap: LoginSnapshot = { connected: false }
  private readonly waiters = new Set<() => void>()
  private png?: { qr: string; url: string }

  get current(): LoginSnapshot {
    return this.snap
  }

  update(patch: Partial<LoginSnapshot>): void {
    this.snap = { ...this.snap, ...patch }
    for (const wake of this.waiters) wake()
    this.waiters.clear()
  }

  /** Resolves with the first snapshot for which `ready` holds, or the current one at the timeout. */
  async until(ready: (s: LoginSnapshot) => boolean, timeoutMs: number): Promise<LoginSnapshot> {
    const deadline = Date.now() + timeoutMs
    while (!ready(this.snap)) {
      const left = deadline - Date.now()
      if (left <= 0) break
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left)
        this.waiters.add(done)
        function done() {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    return this.snap
  }

  dataUrl(qr: string): string {
    if (this.png?.qr !== qr) this.png = { qr, url: qrPngDataUrl(qr) }
    return this.png.url
  }

  result(s: LoginSnapshot = this.snap): QrLoginResult {
    if (s.connected) return { connected: true, message: 'WhatsApp is linked.' }
    if (s.qr) return { connected: false, message: 'Scan this QR in WhatsApp → Settings → Linked devices.', qr: s.qr, qrDataUrl: this.dataUrl(s.qr) }
    if (s.error) return { connected: false, message: s.error, error: s.error }
    return { connected: false, message: 'Waiting for a QR code from WhatsApp.' }
  }
}
