import fs from 'node:fs';
import readline from 'node:readline';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems, ROLES, type Role, shanghaiToday } from '@lq/contracts';
import { createContext, openDatabase, resolveKeys } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { loadPopulation } from './modules/demo/load.ts';
import { importOfficialVillages } from './modules/regions/regions.service.ts';
import { createUser } from './modules/users/users.service.ts';
import { verifyAuditChain } from './platform/audit.ts';
import { systemActor } from './platform/context.ts';
import { randomKeyB64 } from './platform/crypto.ts';
import { DataDirLockedError } from './platform/db/client.ts';
import { demoVillagesFromDb, seedConfiguration, seedDemoBase } from './seed.ts';

const HELP = `用法 Usage: npm run cli -- <command> [options]
  create-admin --username <name> [--display-name <name>]   创建首个管理员(密码从 ADMIN_PASSWORD 或标准输入读取)
                                                            create an admin (password from ADMIN_PASSWORD or stdin)
  gen-keys                                                  生成 ID_ENCRYPTION_KEY / ID_HASH_KEY
  verify-audit                                              校验审计日志哈希链 / verify the audit hash chain (exit 1 if broken)
  import-villages <file.csv>                                导入官方村(社区)名单 / import the official village list
  generate [--size N] [--seed S]                            生成演示人口 / generate a synthetic population into the database
Environment: DATA_DIR, DATABASE_URL, DEMO_MODE, ID_ENCRYPTION_KEY, ID_HASH_KEY`;

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write('密码 Password: ');
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return '';
}

async function withContext<T>(fn: (ctx: ReturnType<typeof createContext>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await database.migrate();
    const ctx = createContext(config, database, resolveKeys(config));
    await seedConfiguration(ctx);
    return await fn(ctx);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'gen-keys':
      console.log(`ID_ENCRYPTION_KEY=${randomKeyB64()}\nID_HASH_KEY=${randomKeyB64()}`);
      return 0;
    case 'create-admin': {
      const username = arg(args, '--username');
      if (!username) {
        console.error('--username is required');
        return 1;
      }
      const password = await readPassword();
      const problems = passwordProblems(password, { username, forbidden: [process.env.DEMO_PASSWORD ?? ''] });
      if (problems.length) {
        for (const p of problems) console.error(PASSWORD_PROBLEM_MESSAGES[p]);
        return 1;
      }
      return withContext(async (ctx) => {
        const id = await ctx.db.transaction((tx) =>
          createUser(tx, systemActor(ctx.config.deployment.county.code), {
            username,
            displayName: arg(args, '--display-name') ?? username,
            roles: ['admin'],
            regionCode: ctx.config.deployment.county.code,
            password,
          }),
        );
        console.log(`已创建管理员 created admin ${username} (${id})`);
        return 0;
      });
    }
    case 'verify-audit':
      return withContext(async (ctx) => {
        const r = await verifyAuditChain(ctx.db);
        console.log(JSON.stringify({ ok: r.ok, checked: r.checked, broken: r.broken.length }));
        for (const b of r.broken) console.error(`审计日志第 ${b.id} 条异常 / audit entry ${b.id} is broken: ${b.reason}`);
        return r.ok ? 0 : 1;
      });
    case 'import-villages': {
      const file = args[0];
      if (!file) {
        console.error('file required');
        return 1;
      }
      return withContext(async (ctx) => {
        const r = await importOfficialVillages(ctx, systemActor(ctx.config.deployment.county.code, 'cli'), fs.readFileSync(file, 'utf8'));
        console.log(JSON.stringify(r));
        return 0;
      });
    }
    case 'generate': {
      const size = Number(arg(args, '--size') ?? 10000);
      const seed = Number(arg(args, '--seed') ?? 1);
      return withContext(async (ctx) => {
        await seedDemoBase(ctx, ctx.config.demoPassword);
        const villages = await demoVillagesFromDb(ctx);
        const t0 = Date.now();
        const r = await loadPopulation(ctx, systemActor(ctx.config.deployment.county.code), {
          seed,
          size,
          today: shanghaiToday(),
          villages,
          onProgress: (d, t) => process.stderr.write(`\r${d}/${t}`),
        });
        console.log(`\n${JSON.stringify({ ...r, seconds: (Date.now() - t0) / 1000 })}`);
        return 0;
      });
    }
    default:
      console.log(HELP);
      void ROLES;
      return cmd ? 1 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof DataDirLockedError ? e.message : e);
    process.exit(1);
  },
);

export type { Role };
