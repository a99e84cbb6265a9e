export { Engine, type EngineOptions, type EngineResult } from './engine.ts';
export { type GenerateOptions, generateHomeCareProblem } from './generate.ts';
export {
  buildHomeCareModel,
  DEFAULT_WEIGHTS,
  HomeCareValidationError,
  haversineKm,
  solveHomeCare,
  travelMinutes,
  validateHomeCareProblem,
} from './homecare.ts';
export type * from './homecare-types.ts';
export type { Model } from './model.ts';
export {
  checkVrptw,
  euclid,
  parseSolomon,
  solveVrptw,
  type VrptwCheck,
  type VrptwInstance,
  type VrptwNode,
  type VrptwOptions,
  type VrptwSolution,
} from './solomon.ts';
