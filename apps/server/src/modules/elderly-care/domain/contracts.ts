/** The elderly-care contracts, re-exported for the domain files (one import path for them). */
export * from '@lq/contracts';
