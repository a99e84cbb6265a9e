/** Worker-thread entry: solves one seed and posts the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { solveHomeCare } from '../homecare.ts';
import { solveVrptw } from '../solomon.ts';

const job = workerData as { kind: 'homecare' | 'vrptw'; input: never; options: never };
const result = job.kind === 'homecare' ? solveHomeCare(job.input, job.options) : solveVrptw(job.input, job.options);
parentPort?.postMessage(result);
