import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Deployment, loadDeploymentDir, resolveDeploymentDir } from './deployment.ts';

/** apps/server: one level above this file, which lives in src/ (tsx) or dist/ (the built bundle). */
export const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(SERVER_ROOT, '..', '..');
export const MIGRATIONS_DIR = path.join(SERVER_ROOT, 'migrations');
export const WEB_DIST = path.join(REPO_ROOT, 'apps', 'web', 'dist');

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demoMode: boolean;
  demoPassword: string;
  demoSize: number;
  idEncryptionKey: string | null;
  idHashKey: string | null;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  logLevel: string;
  /** Trust X-Forwarded-For (only behind a reverse proxy); otherwise the socket address is logged. */
  trustProxy: boolean;
  /** The county this installation serves (DEPLOYMENT / DEPLOYMENT_DIR): config/deployments/<name>/. */
  deployment: Deployment;
}

export const DEFAULT_DEMO_PASSWORD = 'Longquan@2026';

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

/** Loopback addresses: a demo listening only there is reachable from this machine alone. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Why this configuration must not start, or null. Demo accounts with the published default
 * password on an address others can reach would hand the platform to anyone on the network:
 * refused unless ALLOW_PUBLIC_DEMO=true says so explicitly.
 */
export function unsafeStartReason(config: Config, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!config.demoMode || isLoopback(config.host)) return null;
  if (config.demoPassword !== DEFAULT_DEMO_PASSWORD || bool(env.ALLOW_PUBLIC_DEMO, false)) return null;
  return `演示模式使用默认密码,不能监听非本机地址 ${config.host};请设置 DEMO_PASSWORD,或 DEMO_MODE=false,或明确设置 ALLOW_PUBLIC_DEMO=true / demo mode with the default password refuses to listen on ${config.host}: set DEMO_PASSWORD, DEMO_MODE=false, or ALLOW_PUBLIC_DEMO=true`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demoMode = bool(env.DEMO_MODE, true);
  return {
    port: Number(env.PORT ?? 3000),
    // Demo mode listens on loopback unless HOST says otherwise; production on all interfaces.
    host: env.HOST ?? (demoMode ? '127.0.0.1' : '0.0.0.0'),
    dataDir: path.resolve(env.DATA_DIR ?? path.join(REPO_ROOT, 'data')),
    databaseUrl: env.DATABASE_URL || null,
    demoMode,
    demoPassword: env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    demoSize: Number(env.DEMO_SIZE ?? 3000),
    idEncryptionKey: env.ID_ENCRYPTION_KEY || null,
    idHashKey: env.ID_HASH_KEY || null,
    cookieSecure: bool(env.COOKIE_SECURE, false),
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: bool(env.TRUST_PROXY, false),
    deployment: loadDeployment(env),
  };
}

const deploymentCache = new Map<string, Deployment>();

/** The deployment chosen by DEPLOYMENT_DIR or DEPLOYMENT (default longquan), read once per folder. */
export function loadDeployment(env: NodeJS.ProcessEnv = process.env): Deployment {
  const dir = resolveDeploymentDir(env, REPO_ROOT);
  let d = deploymentCache.get(dir);
  if (!d) {
    d = loadDeploymentDir(dir);
    deploymentCache.set(dir, d);
  }
  return d;
}
