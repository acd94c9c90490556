/**
 * The linked device's state on disk: `creds.json` (identity, noise and signed pre-keys, `me`) and one
 * `<type>-<id>.json` per Signal key (pre-keys, sessions, sender keys, app-state keys). Every file is
 * replaced atomically (platform/atomic-file.ts), so a crash mid-write leaves the last complete state, which is
 * what the next start reuses. Baileys' own JSON codec (Buffers as base64) keeps files readable by it.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { BufferJSON, initAuthCreds, proto, type AuthenticationCreds, type AuthenticationState, type SignalDataTypeMap } from '@whiskeysockets/baileys'
import { removeStaleTemps, writeFileAtomic } from '../../platform/atomic-file.ts'

const CREDS_FILE = 'creds.json'

export interface AuthStore {
  readonly dir: string
  /** The saved state, or fresh credentials (an unlinked device) when there is none. */
  load(): { state: AuthenticationState; saveCreds(): void }
  /** True once a phone has linked this device (the creds name an account). */
  isLinked(): boolean
  /** Forgets the session (logout): the next start needs a new QR scan. */
  clear(): void
}

// Key ids contain `/` and `:` (e.g. sender keys); neither belongs in a file name.
const fileFor = (type: string, id: string) => `${type}-${id.replace(/\//g, '__').replace(/:/g, '-')}.json`

export function createAuthStore(dir: string): AuthStore {
  const read = <T>(file: string): T | undefined => {
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8'), BufferJSON.reviver) as T
    } catch {
      // Missing, or unreadable: both mean "no value"; an atomic write never leaves a torn file.
      return undefined
    }
  }
  const write = (file: string, value: unknown) => writeFileAtomic(join(dir, file), JSON.stringify(value, BufferJSON.replacer))
  const ensureDir = () => mkdirSync(dir, { recursive: true, mode: 0o700 })

  return {
    dir,
    load() {
      ensureDir()
      removeStaleTemps(dir)
      const creds = read<AuthenticationCreds>(CREDS_FILE) ?? initAuthCreds()
      const state: AuthenticationState = {
        creds,
        keys: {
          async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
            const out: { [id: string]: SignalDataTypeMap[T] } = {}
            for (const id of ids) {
              let value = read<SignalDataTypeMap[T]>(fileFor(type, id))
              if (value && type === 'app-state-sync-key') value = proto.Message.AppStateSyncKeyData.fromObject(value as object) as unknown as SignalDataTypeMap[T]
              if (value) out[id] = value
            }
            return out
          },
          async set(data) {
            ensureDir()
            for (const [type, entries] of Object.entries(data)) {
              for (const [id, value] of Object.entries(entries ?? {})) {
                if (value) write(fileFor(type, id), value)
                else rmSync(join(dir, fileFor(type, id)), { force: true })
              }
            }
          },
        },
      }
      return { state, saveCreds: () => (ensureDir(), write(CREDS_FILE, creds)) }
    },
    isLinked() {
      return Boolean(read<AuthenticationCreds>(CREDS_FILE)?.me?.id)
    },
    clear() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
