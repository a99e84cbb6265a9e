import { z } from 'zod';

const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** GET /api/public/deployment: the county this installation serves, its titles and map centre (no login). */
export const PublicDeploymentSchema = z.object({
  id: z.string(),
  countyCode: z.string(),
  countyName: Bilingual,
  provinceName: Bilingual,
  bureau: Bilingual,
  titles: z.object({ console: Bilingual, brand: Bilingual, public: Bilingual, platform: Bilingual }),
  map: z.object({ center: z.object({ lat: z.number(), lng: z.number() }), zoom: z.number() }),
  /** A township code to show in examples (demo account names, forms). */
  exampleTownshipCode: z.string(),
});
export type PublicDeployment = z.infer<typeof PublicDeploymentSchema>;
