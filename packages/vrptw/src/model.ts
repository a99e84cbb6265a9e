/**
 * Internal, flat model shared by the classic VRPTW front end and the
 * home-care front end. Everything is index based and stored in typed arrays
 * so the search loops touch no objects.
 *
 * Times and travel are in the caller's unit (Solomon: distance units,
 * home care: minutes). Cost of a solution:
 *   costPerTime * travel
 * + sum lateness_j * lateW_j              (only jobs with soft windows)
 * + sum unservedPenalty_j                 (jobs left out)
 * + sum pref[j, v]                        (job j served by vehicle v)
 * + sum_v imbW * ((work_v - imbTarget) / imbScale)^2
 * where work_v = travel + service time of route v (waiting and breaks excluded).
 */
export interface Model {
  nJobs: number;
  nVeh: number;
  nLoc: number;
  /** travel time, row-major nLoc x nLoc */
  time: Float64Array;
  costPerTime: number;

  jobLoc: Int32Array;
  demand: Float64Array;
  /** earliest start of service */
  twStart: Float64Array;
  /** due date: service starting after it is late (hard jobs: never allowed) */
  twEnd: Float64Array;
  /** absolute latest start of service (== twEnd for hard windows) */
  twHard: Float64Array;
  service: Float64Array;
  /** cost per time unit of lateness, 0 for hard windows */
  lateW: Float64Array;
  unservedPenalty: Float64Array;
  /** allowed[j * nVeh + v] = 1 when vehicle v may serve job j */
  allowed: Uint8Array;
  /** pref[j * nVeh + v]: extra cost when v serves j; null when unused */
  pref: Float64Array | null;

  vStart: Int32Array;
  vEnd: Int32Array;
  /** shift start: earliest departure from the start location */
  vTwStart: Float64Array;
  /** shift end: latest arrival at the end location */
  vTwEnd: Float64Array;
  capacity: Float64Array;
  maxWork: Float64Array;
  hasBreak: Uint8Array;
  /** break earliest start, latest start, duration */
  brkStart: Float64Array;
  brkLatest: Float64Array;
  brkDur: Float64Array;

  imbW: number;
  imbTarget: number;
  imbScale: number;
  /** true when at least one job has a soft window */
  anySoft: boolean;
  /** location used to sort jobs by "distance from the centre" */
  refLoc: number;
}

export function emptyModelArrays(nJobs: number, nVeh: number, nLoc: number): Model {
  return {
    nJobs,
    nVeh,
    nLoc,
    time: new Float64Array(nLoc * nLoc),
    costPerTime: 1,
    jobLoc: new Int32Array(nJobs),
    demand: new Float64Array(nJobs),
    twStart: new Float64Array(nJobs),
    twEnd: new Float64Array(nJobs),
    twHard: new Float64Array(nJobs),
    service: new Float64Array(nJobs),
    lateW: new Float64Array(nJobs),
    unservedPenalty: new Float64Array(nJobs),
    allowed: new Uint8Array(nJobs * nVeh).fill(1),
    pref: null,
    vStart: new Int32Array(nVeh),
    vEnd: new Int32Array(nVeh),
    vTwStart: new Float64Array(nVeh),
    vTwEnd: new Float64Array(nVeh),
    capacity: new Float64Array(nVeh).fill(Number.POSITIVE_INFINITY),
    maxWork: new Float64Array(nVeh).fill(Number.POSITIVE_INFINITY),
    hasBreak: new Uint8Array(nVeh),
    brkStart: new Float64Array(nVeh),
    brkLatest: new Float64Array(nVeh),
    brkDur: new Float64Array(nVeh),
    imbW: 0,
    imbTarget: 0,
    imbScale: 1,
    anySoft: false,
    refLoc: 0,
  };
}
