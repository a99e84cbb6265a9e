import type { PublicDeployment } from '@lq/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../shared/api';

/** The county this installation serves, from GET /api/public/deployment (no login; cached for the session). */
export function useDeployment(): PublicDeployment | undefined {
  return useQuery({
    queryKey: ['public', 'deployment'],
    queryFn: ({ signal }) => api.get<PublicDeployment>('/public/deployment', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  }).data;
}

/** Message parameters every translation may use ({county}, {consoleTitle}, ...), in the given language. */
export function deploymentParams(d: PublicDeployment | undefined, lang: 'zh-CN' | 'en'): Record<string, string> {
  const pick = (b: { zh: string; en: string } | undefined, fallback: { zh: string; en: string }) =>
    lang === 'en' ? (b ?? fallback).en : (b ?? fallback).zh;
  return {
    county: pick(d?.countyName, { zh: '本县(市)', en: 'the county' }),
    consoleTitle: pick(d?.titles.console, { zh: '智慧民政', en: 'Smart Civil Affairs' }),
    brandTitle: pick(d?.titles.brand, { zh: '智慧民政', en: 'Civil Affairs' }),
    publicTitle: pick(d?.titles.public, { zh: '民政局', en: 'Civil affairs' }),
    bureau: pick(d?.bureau, { zh: '民政局', en: 'Civil Affairs Bureau' }),
    exampleTownship: d?.exampleTownshipCode ?? '',
  };
}
