/**
 * Syria's 14 governorates, keyed by ISO 3166-2 code. Names follow
 * `shared/data/syria-governorates.geojson` (geoBoundaries / UN OCHA).
 */
export const GOVERNORATES = [
  { code: 'SY-DI', name: 'Damascus', nameAr: 'دمشق' },
  { code: 'SY-HL', name: 'Aleppo', nameAr: 'حلب' },
  { code: 'SY-RD', name: 'Rif Dimashq', nameAr: 'ريف دمشق' },
  { code: 'SY-HI', name: 'Homs', nameAr: 'حمص' },
  { code: 'SY-HM', name: 'Hama', nameAr: 'حماة' },
  { code: 'SY-LA', name: 'Latakia', nameAr: 'اللاذقية' },
  { code: 'SY-ID', name: 'Idlib', nameAr: 'إدلب' },
  { code: 'SY-HA', name: 'Al-Hasakah', nameAr: 'الحسكة' },
  { code: 'SY-DY', name: 'Deir ez-Zor', nameAr: 'دير الزور' },
  { code: 'SY-TA', name: 'Tartus', nameAr: 'طرطوس' },
  { code: 'SY-RA', name: 'Ar-Raqqa', nameAr: 'الرقة' },
  { code: 'SY-DR', name: 'Daraa', nameAr: 'درعا' },
  { code: 'SY-SU', name: 'As-Sweida', nameAr: 'السويداء' },
  { code: 'SY-QU', name: 'Quneitra', nameAr: 'القنيطرة' },
] as const;

export const GOVERNORATE_CODES = GOVERNORATES.map((g) => g.code) as unknown as readonly [
  GovernorateCode,
  ...GovernorateCode[],
];
export type GovernorateCode = (typeof GOVERNORATES)[number]['code'];

export function governorateName(code: string): string {
  return GOVERNORATES.find((g) => g.code === code)?.name ?? code;
}

/**
 * Bounding box of Syria's territory (from the geoBoundaries polygons, padded by
 * about 5 km so border villages are never refused). A point outside it cannot be
 * a report about this country; finer checks belong to the geo precision.
 */
export const SYRIA_BOUNDS = { minLat: 32.27, maxLat: 37.37, minLon: 35.56, maxLon: 42.44 } as const;
