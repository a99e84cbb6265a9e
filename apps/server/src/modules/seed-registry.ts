import type { AppContext } from '../platform/http/app-context.ts';
import { seedAssistanceDemo } from './assistance/index.ts';
import { seedElderlyCareDemo } from './elderly-care/index.ts';

/** Demo-data seeds of capability modules added after the foundation; run in demo mode on start. */
export const extraSeeds: Array<(ctx: AppContext, log: (s: string) => void) => Promise<void>> = [seedElderlyCareDemo];
extraSeeds.push(seedAssistanceDemo);
