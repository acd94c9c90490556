/** The device id as `<deviceId>` or, as the original CLI spells it, `--device <id>`. */
import { UsageError } from '../../usage-error.ts'

export const deviceArgs = {
  deviceId: { type: 'positional', required: false, description: 'Device id (or --device)' },
  device: { type: 'string', description: 'Device id' },
} as const

export function requireDeviceId(args: { deviceId?: string; device?: string }): string {
  const id = args.deviceId ?? args.device
  if (!id) throw new UsageError('a device id is required: openclaw devices <command> <deviceId>')
  return id
}

/** `--scope a --scope b` or `--scope a,b`. */
export function parseScopes(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean)
}

export const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 12)}…` : id)
