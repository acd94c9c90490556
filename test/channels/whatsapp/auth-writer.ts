/**
 * Child process for the crash test: saves the credentials over and over, each generation larger
 * than the last, and prints each generation once saved. Run under a file-size limit, it is killed by
 * the kernel (SIGXFSZ) in the middle of the write that crosses the limit: a crash at a known point.
 */
import { createAuthStore } from '../../../src/channels/whatsapp/auth-store.ts'

const store = createAuthStore(process.argv[2]!)
const { state, saveCreds } = store.load()
for (let generation = 1; ; generation++) {
  Object.assign(state.creds, { me: { id: `${generation}@s.whatsapp.net`, name: 'x'.repeat(generation * 256 * 1024) } })
  await state.keys.set({ 'pre-key': { [String(generation)]: { public: Buffer.alloc(32, generation), private: Buffer.alloc(32, 1) } } })
  saveCreds()
  process.stdout.write(`${generation}\n`)
}
