/** Public JSON shapes of the home-care (caregiver dispatch) model. Times are minutes from midnight. */

/** A point on the map, or an index into `travel.matrix` when a matrix is supplied. */
export type HomeCareLocation = { lat: number; lng: number } | number;

export interface TimeWindow {
  start: number;
  end: number;
}

export interface CaregiverBreak {
  /** the whole break lies inside [start, end] */
  start: number;
  end: number;
  duration: number;
}

export interface Caregiver {
  id: string;
  start: HomeCareLocation;
  /** defaults to `start` */
  end?: HomeCareLocation;
  /** leaves `start` no earlier than shift.start, reaches `end` no later than shift.end */
  shift: TimeWindow;
  break?: CaregiverBreak;
  skills?: string[];
  /** limit on travel + visit time (waiting and the break are not counted) */
  maxWorkMinutes?: number;
  /** never dispatched when true */
  unavailable?: boolean;
}

export interface Visit {
  id: string;
  location: HomeCareLocation;
  /** service must start inside this window (or may start late if the window is soft) */
  timeWindow: TimeWindow;
  duration: number;
  requiredSkills?: string[];
  /** continuity of care: serving with anyone else costs `weights.preference` */
  preferredCaregiver?: string;
  /** caregivers that must never serve this visit (blacklist) */
  forbiddenCaregivers?: string[];
  /** >= 1 (default 1); leaving the visit out costs weights.unserved * priority */
  priority?: number;
  /** overrides problem.timeWindows for this visit */
  softTimeWindow?: boolean;
}

export interface TravelSpec {
  /** minutes; matrix[i][j] = travel from location index i to j. Locations are then indices. */
  matrix?: number[][];
  /** straight-line estimate: speed in km/h (default 25) */
  speedKmh?: number;
  /** straight-line estimate: detour factor (default 1.3) */
  roadFactor?: number;
}

export interface CostWeights {
  /** per travel minute (default 1) */
  travel: number;
  /** per minute of lateness on soft windows (default 2) */
  lateness: number;
  /** per unserved visit, multiplied by its priority (default 1000) */
  unserved: number;
  /** per visit not served by its preferred caregiver (default 30) */
  preference: number;
  /** per squared hour of a caregiver's work above or below the even share (default 2) */
  imbalance: number;
}

export interface HomeCareProblem {
  caregivers: Caregiver[];
  visits: Visit[];
  travel?: TravelSpec;
  weights?: Partial<CostWeights>;
  /** default 'hard' */
  timeWindows?: 'hard' | 'soft';
  /** soft windows: service never starts more than this after the window end (default 120) */
  maxLatenessMinutes?: number;
}

export interface HomeCareOptions {
  seed?: number;
  /** wall-clock limit; default 5000 ms when no iteration limit is given */
  timeLimitMs?: number;
  /** iteration limit; with no time limit the result is deterministic for the seed */
  iterations?: number;
}

export type UnservedReason =
  | 'NO_SKILLED_CAREGIVER'
  | 'NO_ELIGIBLE_CAREGIVER'
  | 'OUTSIDE_ALL_SHIFTS'
  | 'MAX_WORK_TIME'
  | 'TIME_WINDOW_UNREACHABLE'
  | 'NO_FEASIBLE_INSERTION'
  | 'NOT_PROFITABLE';

export interface Stop {
  visitId: string;
  arrival: number;
  start: number;
  end: number;
  /** minutes after the window end (soft windows only) */
  lateness: number;
}

export interface CaregiverRoute {
  caregiverId: string;
  /** time of leaving the start location (null when the caregiver has no visits) */
  departure: number | null;
  /** time of reaching the end location */
  arrival: number | null;
  stops: Stop[];
  /** placement of the break; `afterStop` = index of the stop it follows (-1: before the first visit) */
  break: { start: number; end: number; afterStop: number } | null;
  travelMinutes: number;
  /** travel + visit time */
  workMinutes: number;
}

export interface CostBreakdown {
  travel: number;
  lateness: number;
  unserved: number;
  preference: number;
  imbalance: number;
  total: number;
}

export interface HomeCareSolution {
  routes: CaregiverRoute[];
  unserved: { visitId: string; reason: UnservedReason }[];
  cost: CostBreakdown;
  stats: {
    servedVisits: number;
    unservedVisits: number;
    usedCaregivers: number;
    travelMinutes: number;
    lateMinutes: number;
    preferenceMisses: number;
    workMinutes: { min: number; max: number; mean: number };
    iterations: number;
    elapsedMs: number;
  };
}
