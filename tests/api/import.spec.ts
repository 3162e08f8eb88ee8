import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { StatsSummary } from '@truce-monitor/domain';
import { AuditService } from '../../apps/api/src/audit/audit.service.js';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { SYRIA_ACTOR_MAPPING } from '../../apps/api/src/imports/actor-mapping.js';
import { ImportRefused, Importer } from '../../apps/api/src/imports/importer.js';
import { parseDay } from '../../apps/api/src/imports/source-formats.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

const ACLED = resolve('tests/fixtures/acled-syria-sample.csv');
const UCDP = resolve('tests/fixtures/ucdp-ged-syria-sample.csv');

/** Runs the built command line against the test database. */
function cli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['dist/apps/api/imports/import-cli.js', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('import of ACLED and UCDP GED files', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let importer: Importer;
  let dir: string;
  let analyst: string;
  const run = (format: 'acled' | 'ucdp', file: string, strict = false) => importer.run({ format, file, mapping: SYRIA_ACTOR_MAPPING, strict });
  const count = async () => Number((await t.db.query('SELECT count(*) FROM incidents')).rows[0].count);
  const bySource = async (id: string) => (await t.db.query('SELECT i.*, p.name AS perpetrator, tp.name AS target FROM incidents i LEFT JOIN parties p ON p.id = i.perpetrator_party_id LEFT JOIN parties tp ON tp.id = i.target_party_id WHERE source_id = $1', [id])).rows[0];

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = new DataSource(dataSourceOptions(t.databaseUrl));
    await dataSource.initialize();
    importer = new Importer(dataSource);
    dir = await mkdtemp(join(tmpdir(), 'truce-import-'));
    analyst = (await t.login('analyst')).accessToken;
  });
  afterAll(async () => {
    await dataSource.destroy();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads ACLED rows as reports, mapped to parties and classified like filed ones', async () => {
    const summary = await run('acled', ACLED);
    expect(summary).toMatchObject({ rows: 11, inserted: 11, alreadyPresent: 0, skipped: 0, refused: false, problems: [] });
    expect(summary.outsideActors).toEqual([{ name: 'Military Forces of Russia (2000-)', rows: 1 }]);
    const expected: [string, string, string | null, string | null, string | null][] = [
      ['SYR1001', 'violation', 'RU', 'Syrian Arab Army and government forces', null],
      ['SYR1002', 'permitted_excluded_target', null, 'Syrian Arab Army and government forces', 'Islamic State'],
      ['SYR1003', 'violation', 'TR', 'Other Free Syrian Army factions', 'Syrian Arab Army and government forces'],
      ['SYR1004', 'non_party', null, 'Syrian Democratic Forces', 'Islamic State'],
      ['SYR1005', 'violation', 'IR', 'Hezbollah', 'Other Free Syrian Army factions'],
      ['SYR1006', 'excluded_perpetrator', null, 'Jabhat Fateh al-Sham', 'Syrian Arab Army and government forces'],
      ['SYR1007', 'non_party', null, 'Other or unidentified actors (outside the agreement)', null],
      ['SYR1008', 'outside_window', null, 'Syrian Arab Army and government forces', 'Other Free Syrian Army factions'],
      ['SYR1009', 'undetermined', null, null, null],
      ['SYR1010', 'disputed_exclusion', 'RU', 'Syrian Arab Army and government forces', 'Ahrar al-Sham'],
      ['SYR1011', 'disputed_exclusion', 'TR', 'Faylaq al-Sham', 'Jaysh al-Islam'],
    ];
    for (const [id, outcome, guarantor, perpetrator, target] of expected) {
      const row = await bySource(id);
      expect([id, row.outcome, row.responsible_guarantor, row.perpetrator, row.target]).toEqual([id, outcome, guarantor, perpetrator, target]);
      // Historical: attributed, but on no acknowledgement clock.
      expect(row.acknowledge_by).toBeNull();
      expect(row.source_system).toBe('acled');
    }
    const first = await bySource('SYR1001');
    expect(first).toMatchObject({ target_civilians: true, governorate: 'SY-RD', place_name: 'Ain al-Fijah', time_precision: 1, geo_precision: 1, killed_best: 2, verification: 'reported' });
    expect(first.occurred_at.toISOString()).toBe('2016-12-31T10:00:00.000Z'); // noon in Damascus
    expect(first.sources[0].note).toMatch(/^ACLED SYR1001 .*SOHR/);
    expect((await bySource('SYR1003')).time_precision).toBe(3); // ACLED 2 (a week) → 3
    expect((await bySource('SYR1004')).geo_precision).toBe(4); // ACLED 3 (the region) → 4
    expect((await bySource('SYR1005')).occurred_at.toISOString().slice(0, 10)).toBe('2017-01-02');

    // The importer account files them and cannot sign in.
    const importer = (await t.db.query("SELECT id, role, disabled_at FROM users WHERE username = 'importer'")).rows[0];
    expect(importer.role).toBe('monitor');
    expect(importer.disabled_at).not.toBeNull();
    expect((await t.http.post('/api/auth/login').send({ username: 'importer', password: DEMO_PASSWORD })).status).toBe(401);
    // The party outside the agreement was added to the registry, audited.
    const party = (await t.db.query("SELECT guarantor, bloc FROM parties WHERE name = 'Other or unidentified actors (outside the agreement)'")).rows[0];
    expect(party).toEqual({ guarantor: null, bloc: 'other' });
    const audit = (await t.db.query("SELECT actor_id, data FROM audit_log WHERE action = 'incidents.imported'")).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: importer.id, data: { format: 'acled', rows: 11, inserted: 11, fileSha256: summary.fileSha256 } });

    // The statistics count them; the export shows their source id, with the formula in a note neutralised.
    const stats = (await t.http.get('/api/stats/summary?from=2016-12-30&to=2017-01-10').set('Authorization', `Bearer ${analyst}`)).body as StatsSummary;
    expect(stats.violations.withoutDisputed.total).toBe(3);
    expect(stats.violations.withDisputed.total).toBe(5);
    expect(stats.responsiveness.incidents.withDisputed.every((r) => r.routed === 0)).toBe(true);
    const csv = await t.http.get('/api/exports/incidents.csv?from=2017-01-06&to=2017-01-06').set('Authorization', `Bearer ${analyst}`);
    expect(csv.text).toContain(',acled,SYR1010,');
    expect(csv.text).toContain(",'=cmd|' /C calc'!A0 regime aircraft");
  });

  it('a second import of the same file changes nothing', async () => {
    const before = await count();
    const hash = (await t.http.get('/api/exports/incidents.sha256').set('Authorization', `Bearer ${analyst}`)).body.dataSha256;
    const summary = await run('acled', ACLED);
    expect(summary).toMatchObject({ rows: 11, inserted: 0, alreadyPresent: 11, skipped: 0 });
    expect(await count()).toBe(before);
    expect((await t.http.get('/api/exports/incidents.sha256').set('Authorization', `Bearer ${analyst}`)).body.dataSha256).toBe(hash);
  });

  it('loads UCDP GED rows with their own precision codes and death ranges', async () => {
    const summary = await run('ucdp', UCDP);
    expect(summary).toMatchObject({ rows: 3, inserted: 3, skipped: 0 });
    expect(await bySource('200101')).toMatchObject({ outcome: 'violation', responsible_guarantor: 'RU', target: 'Other Free Syrian Army factions', killed_low: 5, killed_best: 6, killed_high: 9, civilians_killed_best: 1, time_precision: 1, geo_precision: 1, source_system: 'ucdp' });
    expect(await bySource('200102')).toMatchObject({ outcome: 'violation', target_civilians: true, event_type: 'attack_on_civilians', time_precision: 3, geo_precision: 4, governorate: 'SY-RD' });
    expect(await bySource('200103')).toMatchObject({ outcome: 'excluded_perpetrator', perpetrator: 'Islamic State', target: 'Syrian Democratic Forces', governorate: 'SY-RA' });
  });

  it('reports each unreadable row with its line number and reason, skips it, and loads the rest', async () => {
    const lines = (await readFile(ACLED, 'utf8')).trimEnd().split('\n');
    const header = lines[0]!;
    const good = (id: string, date = '2017-01-08') => lines[1]!.replace('SYR1001', id).replace('2016-12-31', date);
    const file = join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        header,
        good('BAD1'), // line 2
        good('BAD2', '2017-13-01'), // line 3: no such month
        good('BAD3').replace('33.6950', 'north'), // line 4
        good('BAD4').replace('33.6950', '48.8566'), // line 5: Paris
        good('BAD5').replace('Rural Damascus', 'Atlantis'), // line 6
        good('BAD6').replace('Ain al-Fijah,33', 'Ain "al-Fijah,33'), // line 7: a quote inside an unquoted field
        good('BAD7').split(',').slice(0, 10).join(','), // line 8: too few fields
        good('BAD8').replace(',2,,1618000000', ',many,,1618000000'), // line 9
        good('BAD9').replace(',Political violence,', ',"Political\nviolence",'), // lines 10–11: a quoted line break is fine
        good('BAD10').replace(',Syria,', ',Lebanon,'), // line 12
        good('BAD11'), // line 13
      ].join('\n') + '\n',
    );
    const before = await count();
    const strict = await run('acled', file, true);
    expect(strict).toMatchObject({ refused: true, inserted: 0 });
    expect(await count()).toBe(before);

    const summary = await run('acled', file);
    expect(summary.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 12]);
    expect(summary.problems.map((p) => p.reason)).toEqual([
      'bad event_date "2017-13-01"',
      'bad latitude "north"',
      'the point 48.8566, 36.103 is outside Syria',
      'unknown governorate (admin1) "Atlantis"',
      expect.stringMatching(/^unreadable CSV: .*quote/i),
      expect.stringMatching(/^unreadable CSV: .*(column|field|record)/i),
      'bad fatalities "many"',
      'not an event in Syria (country "Lebanon")',
    ]);
    expect(summary).toMatchObject({ rows: 11, inserted: 3, skipped: 8, refused: false });
    expect(await count()).toBe(before + 3);
  });

  it('a wrong header refuses the whole file', async () => {
    const file = join(dir, 'not-acled.csv');
    await writeFile(file, 'id,when,where\n1,2017-01-01,Damascus\n');
    await expect(run('acled', file)).rejects.toThrow(ImportRefused);
    await expect(run('acled', file)).rejects.toThrow(/header lacks event_id_cnty, event_date/);
    await expect(run('ucdp', ACLED)).rejects.toThrow(/not an UCDP file/);
  });

  it('finds the bad row 5,000 of a large file, written in several chunks', async () => {
    const lines = (await readFile(ACLED, 'utf8')).trimEnd().split('\n');
    // 25,000 rows: three chunks. Row 5,000 has a bad date; row 22,000 repeats row 1's event id (in a later chunk).
    const rows = Array.from({ length: 25_000 }, (_, i) =>
      lines[1]!.replace('SYR1001', `BIG${i === 21_999 ? 1 : i + 1}`).replace('2016-12-31', i === 4999 ? '2017-02-30' : '2017-01-09'),
    );
    const file = join(dir, 'big.csv');
    await writeFile(file, [lines[0], ...rows].join('\r\n') + '\r\n');
    const before = await count();
    const strict = await run('acled', file, true);
    expect(strict).toMatchObject({ refused: true, inserted: 0 });
    expect(await count()).toBe(before);

    const summary = await run('acled', file);
    expect(summary.problems).toEqual([{ line: 5001, reason: 'bad event_date "2017-02-30"' }]);
    expect(summary).toMatchObject({ rows: 25_000, inserted: 24_998, alreadyPresent: 1 });
    expect(await count()).toBe(before + 24_998);
    // The import's seal covers every report it wrote, whichever chunk wrote it.
    const [entry] = (await t.db.query("SELECT data FROM audit_log WHERE action = 'incidents.imported' ORDER BY at DESC LIMIT 1")).rows;
    expect(entry.data.seal.reports).toBe(24_998);
    expect(Number((await t.db.query('SELECT count(*) FROM incidents WHERE seal_id = $1', [entry.data.seal.id])).rows[0].count)).toBe(24_998);
    // …and its digest is the one the verifier recomputes from the stored rows.
    expect(await new AuditService(dataSource).verify()).toMatchObject({ ok: true });
  });

  it('the command line: a summary, exit 0; --strict refuses with exit 1; bad usage exit 2', async () => {
    const ok = await cli(['--format', 'ucdp', UCDP], t.databaseUrl);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/rows read\s+3/);
    expect(ok.stdout).toMatch(/already present\s+3/);
    const file = join(dir, 'strict.csv');
    const lines = (await readFile(ACLED, 'utf8')).trimEnd().split('\n');
    await writeFile(file, `${lines[0]}\n${lines[1]!.replace('SYR1001', 'STRICT1')}\n${lines[1]!.replace('SYR1001', 'STRICT2').replace('2016-12-31', 'yesterday')}\n`);
    const refused = await cli(['--format', 'acled', '--strict', file], t.databaseUrl);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/REFUSED \(--strict\)/);
    expect(refused.stdout).toContain('line 3: bad event_date "yesterday"');
    expect(await bySource('STRICT1')).toBeUndefined();
    expect((await cli(['--format', 'gdelt', file], t.databaseUrl)).code).toBe(2);
    const mapping = await cli(['--print-mapping'], t.databaseUrl);
    expect(JSON.parse(mapping.stdout).parties['Syrian Arab Army and government forces']).toContain('Military Forces of Syria (2000-)');
  });

  it('reads the datasets’ date formats', () => {
    expect(['2017-01-02', '2017-01-02 00:00:00.000', '02 January 2017', '2 Jan 2017', '2017-02-29', 'soon'].map(parseDay)).toEqual([
      '2017-01-02',
      '2017-01-02',
      '2017-01-02',
      '2017-01-02',
      null,
      null,
    ]);
  });
});
