/** Elderly-care module: what other modules and the app may import. */
export { elderlyCareRoutes } from './elderly-care.routes.ts';
export { seedElderlyCareDemo } from './seed.ts';
