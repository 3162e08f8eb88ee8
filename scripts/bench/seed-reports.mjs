// @ts-check
/** The statistics benchmark's data: N generated reports written straight into `incidents`, with a progress bar. */

/**
 * A progress bar on stderr; when stderr is not a terminal (CI, a log file), a
 * line at every tenth instead.
 * @param {string} label @param {number} total
 */
export async function progressBar(label, total) {
  if (!process.stderr.isTTY) {
    let shown = 0;
    const t0 = performance.now();
    return {
      update: (/** @type {number} */ n) => {
        const tenth = Math.floor((n / total) * 10);
        if (tenth <= shown) return;
        shown = tenth;
        process.stderr.write(`${label}: ${n}/${total} (${tenth * 10}%, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      },
      stop: () => undefined,
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar({ format: `${label} |{bar}| {percentage}% · {value}/{total} · {duration}s`, stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return { update: (/** @type {number} */ n) => bar.update(n), stop: () => bar.stop() };
}

/**
 * Seeds N reports straight into the incidents table (the statement triggers keep
 * the daily counts, as for any write): a year around the truce's start, skewed
 * the way conflict data is (a few governorates, event types and parties carry
 * most events), routed ones with deadlines and most of them acknowledged.
 * @param {import('pg').Pool} pool @param {any} agreement @param {number} total
 */
export async function seedReports(pool, agreement, total) {
  const parties = agreement.parties.map((/** @type {any} */ p) => p.id);
  const guarantors = agreement.parties.map((/** @type {any} */ p) => p.guarantor);
  const [{ id: filer }] = (await pool.query("SELECT id FROM users WHERE username = 'monitor'")).rows;
  const bar = await progressBar('seeding reports', total);
  const BATCH = 20_000;
  for (let done = 0; done < total; done += BATCH) {
    await pool.query(
      `INSERT INTO incidents (agreement_id, occurred_at, time_precision, reported_at, lat, lon, geo_precision, governorate, event_type,
              perpetrator_party_id, target_civilians, sources, description, verification, outcome, reasons, responsible_guarantor,
              acknowledge_by, acknowledged_at, filed_by, killed_low, killed_best, killed_high, injured_low, injured_best, injured_high)
       SELECT $1, x.occ, 1, x.occ + interval '1 hour', 33.5, 36.3, 1, x.gov, x.et, x.party, true, '[{"kind":"witness"}]',
              'Benchmark report: shelling of the outskirts reported by two witnesses.', x.ver, x.outcome, '[]',
              CASE WHEN x.outcome IN ('violation', 'disputed_exclusion') THEN x.g END,
              CASE WHEN x.outcome IN ('violation', 'disputed_exclusion') THEN x.occ + interval '3 hours' END,
              CASE WHEN x.outcome IN ('violation', 'disputed_exclusion') AND random() < 0.7 THEN x.occ + interval '1 hour' + random() * interval '4 hours' END,
              $4, x.k, x.k + 1, x.k + 3, 0, x.k, x.k * 2
         FROM (SELECT occ, gov, et, party, g, ver, k,
                      CASE WHEN occ < '2016-12-29T22:00:00Z' THEN 'outside_window' WHEN g IS NULL THEN 'non_party'
                           WHEN r < 0.1 THEN 'disputed_exclusion' ELSE 'violation' END AS outcome
                 FROM (SELECT '2016-07-01T00:00:00Z'::timestamptz + random() * interval '365 days' AS occ,
                              (ARRAY['SY-HL','SY-ID','SY-RD','SY-DY','SY-HM','SY-DR','SY-HI','SY-RA','SY-LA','SY-DI','SY-HA','SY-QU','SY-SU','SY-TA'])[1 + floor(power(random(), 2.5) * 14)::int] AS gov,
                              (ARRAY['shelling','air_strike','armed_clash','remote_explosive','sniper_fire','attack_on_civilians','territorial_advance','arrest_or_abduction','access_obstruction','other'])[1 + floor(power(random(), 2) * 10)::int] AS et,
                              p.i, ($2::uuid[])[p.i] AS party, ($3::text[])[p.i] AS g,
                              (ARRAY['reported','reported','reported','reported','corroborated','corroborated','verified','rejected'])[1 + floor(random() * 8)::int] AS ver,
                              floor(power(random(), 4) * 8)::int AS k, random() AS r
                         FROM generate_series(1, $5) n, LATERAL (SELECT 1 + floor(power(random(), 2) * cardinality($2::uuid[]))::int + 0 * n AS i) p) y) x`,
      [agreement.id, parties, guarantors, filer, Math.min(BATCH, total - done)],
    );
    bar.update(Math.min(done + BATCH, total));
  }
  bar.stop();
  await pool.query('VACUUM ANALYZE incidents');
  await pool.query('VACUUM ANALYZE stats_daily_counts');
}
