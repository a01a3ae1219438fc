-- The statements GET /api/v1/nasional/ringkasan?tahun=2024&triwulan=TW4 issues (repo/agregat.rs
-- and repo/aturan.rs): one over the summary rows, one for the rules. Parameters written in,
-- for pgbench -f. The baseline it replaced is nasional_ringkasan_agregat.sql.
SELECT y.satker_id AS satker_id, y.diharapkan AS diharapkan,
       y.pagu_t AS pagu_t, y.pagu_s AS pagu_s, y.realisasi_t AS realisasi_t, y.realisasi_s AS realisasi_s,
       t.triwulan AS triwulan, t.dilaporkan AS dilaporkan, t.cb_t AS cb_t, t.cb_s AS cb_s, t.b AS b
FROM ringkasan_satker y
JOIN satker s ON s.id = y.satker_id
LEFT JOIN ringkasan_triwulan t ON t.satker_id = y.satker_id AND t.tahun = y.tahun
     AND t.triwulan = COALESCE(CAST(4 AS SMALLINT), y.triwulan_terakhir)
WHERE y.tahun = 2024 AND (s.jalur = '00' OR s.jalur LIKE '00/%');
SELECT * FROM aturan_capaian;
