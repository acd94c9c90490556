/** WhatsApp channel (Baileys). Imported lazily by the registry, only when WhatsApp is configured. */
export { createWhatsAppAdapter as createWhatsAppChannel } from './adapter.ts'
