/** Children's categories (孤儿 / 事实无人抚养儿童 / 留守儿童) and their preview API. */
export { childrenRoutes } from './children.routes.ts';
