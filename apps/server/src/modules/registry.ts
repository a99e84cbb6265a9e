import type { AppContext } from '../platform/http/app-context.ts';
import type { App } from '../platform/http/types.ts';
import { assistanceRoutes } from './assistance/index.ts';
import { childrenRoutes } from './children/index.ts';
import { elderlyCareRoutes } from './elderly-care/index.ts';
import { workCalendarRoutes } from './work-calendar/work-calendar.routes.ts';

/** Route plugins of capability modules added after the foundation (elderly care, ...). */
export const extraModules: Array<(app: App, ctx: AppContext) => Promise<void>> = [elderlyCareRoutes, workCalendarRoutes];
extraModules.push(assistanceRoutes, childrenRoutes);
