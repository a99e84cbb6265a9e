/**
 * The elderly-care contracts, imported by path until packages/contracts/src/index.ts re-exports
 * them (`export * from './elderly/index.ts'`). After that, replace this line with
 * `export * from '@lq/contracts';` — every domain file imports from here, so it is the only change.
 */
export * from '../../../../../../packages/contracts/src/elderly/index.ts';
