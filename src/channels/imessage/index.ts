/** iMessage channel (`imsg rpc`). Imported lazily by the registry, only when iMessage is configured. */
export { createIMessageAdapter as createIMessageChannel } from './adapter.ts'
