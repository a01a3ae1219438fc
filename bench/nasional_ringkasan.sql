-- The statement GET /api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4 runs for KPU RI's
-- whole tree: the provinsi statement without a condition on the path (repo/agregat/mod.rs says
-- why). Parameters as the service binds them (-D triwulan=4 -D tahun=2024), for pgbench -M
-- prepared. The baseline it replaced is nasional_ringkasan_agregat.sql.
SELECT 0 AS jenis, y.satker_id AS satker_id, y.diharapkan AS diharapkan,
       y.pagu_t AS pagu_t, y.pagu_s AS pagu_s, y.realisasi_t AS realisasi_t, y.realisasi_s AS realisasi_s,
       t.triwulan AS triwulan, t.dilaporkan AS dilaporkan, t.cb_t AS cb_t, t.cb_s AS cb_s, t.b AS b,
       CAST(NULL AS BIGINT) AS batas, CAST(NULL AS TEXT) AS pita
FROM ringkasan_satker y
LEFT JOIN ringkasan_triwulan t ON t.satker_id = y.satker_id AND t.tahun = y.tahun
     AND t.triwulan = COALESCE(CAST(:triwulan AS SMALLINT), y.triwulan_terakhir)
WHERE y.tahun = :tahun
UNION ALL
SELECT 1, a.satker_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       a.batas_capaian_e6, CAST(a.pita_kategori AS TEXT)
FROM aturan_capaian a;
