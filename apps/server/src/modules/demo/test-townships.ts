import { loadDeployment } from '../../config.ts';

/** The township-level units of the default deployment (Longquan's 19, config/deployments/longquan/divisions.csv), as test data. */
export const LONGQUAN_TOWNSHIPS_FOR_TESTS = loadDeployment({})
  .divisions.filter((r) => r.level !== 'county')
  .map((r) => ({ code: r.code, name: r.name, level: r.level }));
