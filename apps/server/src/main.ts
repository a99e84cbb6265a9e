import { buildApp } from './app.ts';
import { createContext, openDatabase, resolveKeys } from './bootstrap.ts';
import { loadConfig, unsafeStartReason } from './config.ts';
import { DataDirLockedError } from './platform/db/client.ts';
import { ensureSchedules, Scheduler } from './platform/jobs/scheduler.ts';
import { JobWorker } from './platform/jobs/worker.ts';
import { seedOnStart } from './seed.ts';

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  const unsafe = unsafeStartReason(config);
  if (unsafe) {
    console.error(unsafe);
    process.exit(2);
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config);
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const where = config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') : `PGlite ${config.dataDir}`;
  console.log(`数据库 Database: ${where}`);
  console.log(
    `部署 Deployment: ${config.deployment.id} (${config.deployment.county.name.zh} ${config.deployment.county.code}, ${config.deployment.dir})`,
  );
  await database.migrate();
  const ctx = createContext(config, database, resolveKeys(config));
  const report = await seedOnStart(ctx, (s) => console.log(s));
  const app = await buildApp(ctx, { logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] } });
  await app.listen({ port: config.port, host: config.host });
  // Background jobs and schedules (not in buildApp: tests start them explicitly). Jobs left
  // running by a killed process are claimed again once their lease runs out.
  await ensureSchedules(database.db, new Date());
  const worker = new JobWorker(ctx, { log: (m, e) => app.log.error({ err: e }, m) });
  const scheduler = new Scheduler(database.db, { log: (m, e) => app.log.error({ err: e }, m) });
  worker.start();
  scheduler.start();
  const url = `http://localhost:${config.port}`;
  console.log('');
  const title = config.deployment.titles.platform;
  console.log(`${title.zh} 已启动 / ${title.en} is up (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`Listening on ${url}`);
  console.log(`API docs: ${url}/api/docs`);
  if (config.demoMode) {
    console.log(
      `演示模式 Demo mode. 演示账号 demo accounts (password 密码: DEMO_PASSWORD${process.env.DEMO_PASSWORD ? '' : ` = ${config.demoPassword}`}):`,
    );
    const example = config.deployment.demo.exampleTownshipCode;
    const exampleName = config.deployment.divisions.find((r) => r.code === example)?.name ?? '';
    console.log(
      `  admin (系统管理员), county (${config.deployment.bureau.zh}), auditor (审计), town-<乡镇代码> e.g. town-${example} (${exampleName})`,
    );
    const village = report.accounts.find((a) => a.startsWith(`village-${example}`));
    if (village) console.log(`  village-<村代码> (村务工作者, one per township's first village) e.g. ${village}`);
    console.log('  provider-<乡镇代码> (居家养老服务中心), carer-<乡镇代码>-1 (护理员) when the elderly-care module is loaded');
    if (report.people) console.log(`  首次启动已生成演示人口 ${report.people} 人 / generated ${report.people} demo people`);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: 正在关闭 shutting down...`);
    await app.close();
    await scheduler.stop();
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  if (process.env.LOG_LEVEL === 'debug') console.error(e);
  process.exit(1);
});
