import type { Migration } from './index.ts'

/** Paired devices, their hashed tokens (one row per issued token), and pending pairing requests. */
export const pairing001: Migration = {
  version: 1,
  name: 'pairing',
  up(db) {
    db.exec(`
      CREATE TABLE paired_devices (
        device_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        display_name TEXT,
        operator_label TEXT,
        platform TEXT,
        device_family TEXT,
        client_id TEXT,
        client_mode TEXT,
        browser_origin TEXT,
        roles TEXT NOT NULL DEFAULT '[]',
        approved_scopes TEXT NOT NULL DEFAULT '[]',
        approved_via TEXT,
        remote_ip TEXT,
        node_surface TEXT,
        created_at INTEGER NOT NULL,
        approved_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        last_seen_reason TEXT
      );
      CREATE TABLE device_tokens (
        token_hash TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES paired_devices(device_id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        scopes TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        rotated_at INTEGER,
        revoked_at INTEGER,
        last_used_at INTEGER
      );
      CREATE INDEX device_tokens_by_device ON device_tokens(device_id, role);
      CREATE TABLE pairing_requests (
        request_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL UNIQUE,
        public_key TEXT NOT NULL,
        display_name TEXT,
        platform TEXT,
        device_family TEXT,
        client_id TEXT,
        client_mode TEXT,
        browser_origin TEXT,
        role TEXT,
        roles TEXT NOT NULL DEFAULT '[]',
        scopes TEXT NOT NULL DEFAULT '[]',
        remote_ip TEXT,
        reason TEXT,
        is_repair INTEGER NOT NULL DEFAULT 0,
        ts INTEGER NOT NULL
      );
    `)
  },
}
