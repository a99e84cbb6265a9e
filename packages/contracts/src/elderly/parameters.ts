/** The keys of the elderly-care loop parameters (their value schemas live with the server's rules). */
export const EC_PARAMETER_KEYS = ['assessment', 'anomaly', 'followup', 'visits', 'budget', 'coverage'] as const;
export type EcParameterKey = (typeof EC_PARAMETER_KEYS)[number];
