import type { Config } from '../../config.ts';
import type { FieldCrypto } from '../crypto.ts';
import type { Database, Db } from '../db/client.ts';

/** What every module needs from the platform; built once in main.ts (or per test file). */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  crypto: FieldCrypto;
  /** In-memory progress of long jobs (imports): visible to polling while their transaction runs. */
  progress: Map<string, { processed: number; total: number }>;
}
