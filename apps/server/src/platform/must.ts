/** The value, or an error naming what was missing (replaces non-null assertions on invariants). */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`invariant: ${what} is missing`);
  return value;
}
