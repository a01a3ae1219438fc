-- BASELINE (before issue 13): the statements GET /api/v1/provinsi/18/ringkasan?tahun=2024&triwulan=TW4
-- issued when totals were aggregated from realisasi and budget lines, with the parameters written in.
SELECT l.satker_id AS satker_id, l.triwulan AS triwulan,
       CAST(COALESCE(SUM((r.capaian_terbatas_e6 * (i.bobot_e6 / 1000)) / 1000000000), 0) AS BIGINT) AS cb_t, CAST(COALESCE(SUM((r.capaian_terbatas_e6 * (i.bobot_e6 / 1000)) % 1000000000), 0) AS BIGINT) AS cb_s,
       CAST(COALESCE(SUM((i.bobot_e6 / 1000) / 1000000000), 0) AS BIGINT) AS b_t, CAST(COALESCE(SUM((i.bobot_e6 / 1000) % 1000000000), 0) AS BIGINT) AS b_s,
       COUNT(r.id) AS n
FROM laporan_realisasi l
JOIN satker s ON s.id = l.satker_id
JOIN realisasi r ON r.laporan_id = l.id
JOIN indikator i ON i.id = r.indikator_id
WHERE l.tahun = 2024 AND (s.jalur = '00/18' OR s.jalur LIKE '00/18/%') AND r.capaian_terbatas_e6 IS NOT NULL AND l.triwulan = 4
GROUP BY l.satker_id, l.triwulan;
SELECT p.satker_id AS satker_id, COUNT(i.id) AS n
FROM perjanjian_kinerja p
JOIN satker s ON s.id = p.satker_id
JOIN indikator i ON i.pk_id = p.id
WHERE p.tahun = 2024 AND (s.jalur = '00/18' OR s.jalur LIKE '00/18/%')
GROUP BY p.satker_id;
SELECT a.satker_id AS satker_id, CAST(COALESCE(SUM((pagu) / 1000000000), 0) AS BIGINT) AS pagu_t, CAST(COALESCE(SUM((pagu) % 1000000000), 0) AS BIGINT) AS pagu_s, CAST(COALESCE(SUM((realisasi) / 1000000000), 0) AS BIGINT) AS realisasi_t, CAST(COALESCE(SUM((realisasi) % 1000000000), 0) AS BIGINT) AS realisasi_s
FROM anggaran a
JOIN satker s ON s.id = a.satker_id
JOIN anggaran_baris b ON b.anggaran_id = a.id
WHERE a.tahun = 2024 AND (s.jalur = '00/18' OR s.jalur LIKE '00/18/%')
GROUP BY a.satker_id;
SELECT CAST(COALESCE(SUM((pagu) / 1000000000), 0) AS BIGINT) AS pagu_t, CAST(COALESCE(SUM((pagu) % 1000000000), 0) AS BIGINT) AS pagu_s, CAST(COALESCE(SUM((realisasi) / 1000000000), 0) AS BIGINT) AS realisasi_t, CAST(COALESCE(SUM((realisasi) % 1000000000), 0) AS BIGINT) AS realisasi_s
FROM anggaran a
JOIN satker s ON s.id = a.satker_id
JOIN anggaran_baris b ON b.anggaran_id = a.id
WHERE a.tahun = 2024 AND (s.jalur = '00/18' OR s.jalur LIKE '00/18/%');
SELECT * FROM aturan_capaian;
