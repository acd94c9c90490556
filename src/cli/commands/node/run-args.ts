import { checkFingerprint } from '../../check-fingerprint.ts'
import { checkPort } from '../../flag-checks.ts'

export const nodeRunArgs = {
  host: { type: 'string', description: 'Gateway host (default 127.0.0.1)' },
  port: { type: 'string', valueHint: 'port', description: 'Gateway port (default 18789)', check: checkPort },
  tls: { type: 'boolean', description: 'Connect with TLS (wss://)' },
  'tls-fingerprint': { type: 'string', valueHint: 'sha256', description: 'Pin the gateway certificate by its SHA-256 fingerprint (implies --tls)', check: checkFingerprint },
  token: { type: 'string', description: 'Gateway token (default $OPENCLAW_GATEWAY_TOKEN)' },
  'display-name': { type: 'string', description: 'Name operators see (default: node-host.json displayName, then the host name)' },
} as const
