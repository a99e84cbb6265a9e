import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { FieldCrypto, randomKeyB64 } from './platform/crypto.ts';
import { type Database, openPglite, openPostgres } from './platform/db/client.ts';
import type { AppContext } from './platform/http/app-context.ts';

export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite({ dataDir: config.dataDir });
}

/**
 * Field-encryption keys come from configuration (ID_ENCRYPTION_KEY, ID_HASH_KEY). In demo mode
 * without them, keys are generated once into DATA_DIR/keys.json (mode 600), never into the repo.
 */
export function resolveKeys(config: Config): { enc: string; hash: string } {
  if (config.idEncryptionKey && config.idHashKey) return { enc: config.idEncryptionKey, hash: config.idHashKey };
  if (!config.demoMode) {
    throw new Error(
      '缺少 ID_ENCRYPTION_KEY / ID_HASH_KEY 配置(各为32字节 base64);可用 `npm run cli -- gen-keys` 生成。\n' +
        'ID_ENCRYPTION_KEY and ID_HASH_KEY (32 bytes each, base64) are required outside demo mode; `npm run cli -- gen-keys` prints a pair.',
    );
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'keys.json');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, JSON.stringify({ enc: randomKeyB64(), hash: randomKeyB64() }), { mode: 0o600 });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { enc: string; hash: string };
}

export function createContext(config: Config, database: Database, keys: { enc: string; hash: string }): AppContext {
  return { config, database, db: database.db, crypto: new FieldCrypto(keys.enc, keys.hash), progress: new Map() };
}
