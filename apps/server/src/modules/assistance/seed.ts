/** Seeds the assistance and children DEMO parameters (idempotent: a key already configured is left alone). */
import { appendAudit } from '../../platform/audit.ts';
import { systemActor } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { AppContext } from '../../platform/http/app-context.ts';
import { seedVersionIfAbsent } from '../../platform/parameters.ts';
import { MODULE as CHILDREN, DEMO_SOURCE as CHILDREN_SOURCE, DEMO_CHILDREN } from '../children/parameters.ts';
import { DEMO_ASSISTANCE, DEMO_SOURCE, MODULE } from './parameters.ts';

export async function seedAssistanceParameters(ex: Executor): Promise<string[]> {
  const added: string[] = [];
  for (const [key, d] of Object.entries(DEMO_ASSISTANCE)) {
    const source = 'note' in d && d.note ? `${DEMO_SOURCE}(${d.note})` : DEMO_SOURCE;
    if (await seedVersionIfAbsent(ex, { module: MODULE, key, validFrom: d.validFrom, value: d.value, source }))
      added.push(`${MODULE}/${key}`);
  }
  for (const [key, d] of Object.entries(DEMO_CHILDREN)) {
    if (await seedVersionIfAbsent(ex, { module: CHILDREN, key, validFrom: d.validFrom, value: d.value, source: CHILDREN_SOURCE }))
      added.push(`${CHILDREN}/${key}`);
  }
  return added;
}

/** Demo-mode seed registered in seed-registry.ts. */
export async function seedAssistanceDemo(ctx: AppContext, log: (s: string) => void = () => {}): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const added = await seedAssistanceParameters(tx);
    if (added.length === 0) return;
    await appendAudit(tx, systemActor(), { action: 'seed.assistance.parameters', targetType: 'parameters', details: { added } });
    log(`  社会救助/儿童演示参数 DEMO assistance and children parameters: ${added.length}`);
  });
}
