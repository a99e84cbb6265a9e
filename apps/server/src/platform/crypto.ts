import crypto from 'node:crypto';

/**
 * Field encryption for sensitive identifiers: AES-256-GCM with a random 96-bit IV per value,
 * stored as base64url "v1.<iv>.<tag>.<ciphertext>". A separate HMAC-SHA256 key gives a keyed
 * hash column for exact lookups and uniqueness without decrypting.
 */
export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;
  constructor(encKeyB64: string, hashKeyB64: string) {
    this.encKey = Buffer.from(encKeyB64, 'base64');
    this.hashKey = Buffer.from(hashKeyB64, 'base64');
    if (this.encKey.length !== 32) throw new Error('ID_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    if (this.hashKey.length < 32) throw new Error('ID_HASH_KEY must be at least 32 bytes, base64-encoded');
  }
  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }
  decrypt(stored: string): string {
    const [v, iv, tag, ct] = stored.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('Unknown ciphertext format');
    const d = crypto.createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
  hash(value: string): string {
    return crypto.createHmac('sha256', this.hashKey).update(value).digest('base64url');
  }
}

export function randomKeyB64(): string {
  return crypto.randomBytes(32).toString('base64');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256Hex(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** JSON with keys sorted at every level, so a hash over it does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
