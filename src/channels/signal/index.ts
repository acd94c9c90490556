/** Signal channel (signal-cli JSON-RPC daemon). Imported lazily by the registry, only when Signal is configured. */
export { createSignalAdapter as createSignalChannel } from './adapter.ts'
