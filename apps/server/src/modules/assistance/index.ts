/** Social-assistance rules (低保 / 低保边缘 / 特困) and their preview API. */
export { assistanceRoutes } from './assistance.routes.ts';
export { seedAssistanceDemo } from './seed.ts';
