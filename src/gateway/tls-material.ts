/**
 * The listener's TLS certificate: read from disk, or, when asked and both files are missing, a
 * self-signed pair made with `openssl` in the state dir. Its SHA-256 fingerprint is what remote
 * clients pin (`--tls-fingerprint`), since no public CA vouches for a self-signed certificate.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import type { TlsSettings } from '../config/settings.ts'

export interface TlsMaterial {
  cert: string
  key: string
  /** `AB:CD:…`, the form `openssl x509 -fingerprint -sha256` and browsers show. */
  fingerprint256: string
  generated: boolean
}

/** @example const tls = await loadTlsMaterial(settings.tls, ['192.168.1.5']) */
export async function loadTlsMaterial(tls: TlsSettings, extraHosts: string[]): Promise<TlsMaterial> {
  const haveCert = existsSync(tls.certPath)
  const haveKey = existsSync(tls.keyPath)
  let generated = false
  if (!haveCert && !haveKey && tls.autoGenerate) {
    await generateSelfSigned(tls, extraHosts)
    generated = true
  } else if (!haveCert || !haveKey) {
    // A half pair is somebody's mistake; replacing it could throw away a real key.
    throw new Error(`certificate ${tls.certPath} and key ${tls.keyPath} must both exist${tls.autoGenerate ? ' (or both be missing to generate them)' : ''}`)
  }
  const cert = readFileSync(tls.certPath, 'utf8')
  const key = readFileSync(tls.keyPath, 'utf8')
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch (err) {
    throw new Error(`${tls.certPath} is not a PEM certificate: ${(err as Error).message}`)
  }
  if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error(`${tls.keyPath} is not the key of ${tls.certPath}`)
  return { cert, key, fingerprint256: x509.fingerprint256, generated }
}

async function generateSelfSigned(tls: TlsSettings, extraHosts: string[]): Promise<void> {
  const openssl = Bun.which('openssl')
  if (!openssl) throw new Error('gateway.tls.autoGenerate needs the openssl command on PATH; install it, or pass --tls-cert/--tls-key')
  for (const dir of new Set([dirname(tls.certPath), dirname(tls.keyPath)])) mkdirSync(dir, { recursive: true, mode: 0o700 })
  // Written under temporary names and renamed, so a crash never leaves half a pair behind.
  const certTmp = `${tls.certPath}.${process.pid}.tmp`
  const keyTmp = `${tls.keyPath}.${process.pid}.tmp`
  const proc = Bun.spawn([
    openssl, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '825',
    '-subj', '/CN=openclaw-gateway', '-addext', `subjectAltName=${subjectAltNames(extraHosts)}`,
    '-keyout', keyTmp, '-out', certTmp,
  ], { stdout: 'ignore', stderr: 'pipe' })
  const code = await proc.exited
  if (code !== 0) {
    rmSync(certTmp, { force: true })
    rmSync(keyTmp, { force: true })
    throw new Error(`openssl failed (${code}): ${(await new Response(proc.stderr).text()).trim()}`)
  }
  chmodSync(keyTmp, 0o600)
  renameSync(keyTmp, tls.keyPath)
  renameSync(certTmp, tls.certPath)
}

function subjectAltNames(extraHosts: string[]): string {
  const names = new Set(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1', `DNS:${hostname()}`])
  for (const host of extraHosts) {
    if (host === '0.0.0.0' || host === '::') continue
    names.add(/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`)
  }
  return [...names].join(',')
}
