import { readFile } from 'node:fs/promises';
import { governorateAt, type GovernorateCollection } from '../../apps/dashboard/src/lib/geo/governorate-lookup.js';

/**
 * The dashboard fills in the governorate from the point with its own
 * point-in-polygon function. Checked here against the shipped data itself:
 * the gazetteer's governorates were assigned by point-in-polygon against the
 * same boundaries (112 inside, 2 snapped to the nearest), so every town must come out the same.
 */
describe('dashboard geodata: the governorate of a point', () => {
  let shapes: GovernorateCollection;
  let places: { name: string; lat: number; lon: number; iso: string; method: string }[];

  beforeAll(async () => {
    shapes = JSON.parse(await readFile('apps/dashboard/public/data/syria-governorates.geojson', 'utf8')) as GovernorateCollection;
    const [header, ...rows] = (await readFile('apps/dashboard/public/data/syria-places.csv', 'utf8')).trim().split('\n');
    const cols = header!.split(',');
    places = rows.map((line) => {
      const cells = line.split(','); // the gazetteer has no quoted fields
      const at = (name: string) => cells[cols.indexOf(name)]!;
      return { name: at('name'), lat: Number(at('lat')), lon: Number(at('lon')), iso: at('governorate_iso'), method: at('governorate_method') };
    });
  });

  it('ships the 14 governorates and the 114 towns', () => {
    expect(shapes.features).toHaveLength(14);
    expect(places).toHaveLength(114);
  });

  it('puts every town of the gazetteer in the governorate the gazetteer gives', () => {
    const wrong = places
      .map((p) => ({ ...p, got: governorateAt(p, shapes) }))
      .filter((p) => p.got?.code !== p.iso)
      .map((p) => `${p.name}: expected ${p.iso}, got ${p.got?.code ?? 'none'}`);
    expect(wrong).toEqual([]);
  });

  it('says "inside" for the towns inside a polygon and "nearest" for the two on the edge', () => {
    const nearest = places.filter((p) => governorateAt(p, shapes)?.method === 'nearest').map((p) => p.name).sort();
    expect(nearest).toEqual(places.filter((p) => p.method.startsWith('nearest')).map((p) => p.name).sort());
  });

  it('tells Damascus from the Rif Dimashq that surrounds it (a hole in the polygon), and finds Arwad island in Tartus', () => {
    expect(governorateAt({ lat: 33.5102, lon: 36.2913 }, shapes)?.code).toBe('SY-DI'); // the old city
    expect(governorateAt({ lat: 33.5706, lon: 36.4028 }, shapes)?.code).toBe('SY-RD'); // Douma
    expect(governorateAt({ lat: 34.8567, lon: 35.8583 }, shapes)?.code).toBe('SY-TA'); // Arwad
  });

  it('gives no governorate for a point well outside Syria', () => {
    expect(governorateAt({ lat: 33.8938, lon: 35.5018 }, shapes)).toBeNull(); // Beirut
    expect(governorateAt({ lat: 31.9539, lon: 35.9106 }, shapes)).toBeNull(); // Amman
    expect(governorateAt({ lat: Number.NaN, lon: 36 }, shapes)).toBeNull();
  });
});
