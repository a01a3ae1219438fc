//! The whole domain schema. Rupiah are BIGINT. Indicator values are exact decimals stored
//! as BIGINT fixed-point at scale 10^6 (columns ending in `_e6`): SQLite has no exact decimal
//! type and its SUM/AVG over NUMERIC go through floating point, so a scaled integer is the one
//! representation that is exact and aggregatable in SQL on both databases.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

// `kode_satker` is the domain's name for the Kemenkeu code, whatever the enum is called.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum Satker {
    Table,
    Id,
    KodeWilayah,
    KodeSatker,
    KodeBps,
    Nama,
    NamaWilayah,
    Tingkat,
    IndukId,
    Jalur,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PerjanjianKinerja {
    Table,
    Id,
    SatkerId,
    Tahun,
    Status,
    Versi,
    Alasan,
    DiajukanPada,
    DiputuskanPada,
    DiputuskanOleh,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Indikator {
    Table,
    Id,
    PkId,
    Urutan,
    Kode,
    Nama,
    Tujuan,
    Sasaran,
    Definisi,
    Satuan,
    TipeNilai,
    Polaritas,
    MetodePredikat,
    BobotE6,
    TargetE6,
    TargetAtasE6,
    TargetTeks,
    TargetTw1E6,
    TargetTw2E6,
    TargetTw3E6,
    TargetTw4E6,
}

#[derive(DeriveIden)]
enum LaporanRealisasi {
    Table,
    Id,
    SatkerId,
    Tahun,
    Triwulan,
    Status,
    Versi,
    Alasan,
    DiajukanPada,
    DiputuskanPada,
    DiputuskanOleh,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Realisasi {
    Table,
    Id,
    LaporanId,
    IndikatorId,
    NilaiE6,
    NilaiTeks,
    CapaianE6,
    CapaianTerbatasE6,
    Kategori,
    CapaianDilaporkanE6,
    Catatan,
    BuktiDukung,
}

#[derive(DeriveIden)]
enum Anggaran {
    Table,
    Id,
    SatkerId,
    Tahun,
    Status,
    Versi,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AnggaranBaris {
    Table,
    Id,
    AnggaranId,
    Urutan,
    ProgramKode,
    ProgramNama,
    KegiatanKode,
    KegiatanNama,
    Akun,
    JenisBelanja,
    SumberDana,
    Uraian,
    Pagu,
    Realisasi,
}

#[derive(DeriveIden)]
enum AnggaranBulanan {
    Table,
    BarisId,
    Bulan,
    Realisasi,
}

#[derive(DeriveIden)]
enum Periode {
    Table,
    Id,
    Tahun,
    Jenis,
    Triwulan,
    Tenggat,
    Ditutup,
    AlasanTutup,
}

#[derive(DeriveIden)]
enum AturanCapaian {
    Table,
    Id,
    SatkerId,
    BatasCapaianE6,
    PitaKategori,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Temuan {
    Table,
    Id,
    SatkerId,
    Tahun,
    Triwulan,
    IndikatorId,
    Kode,
    Pesan,
    CreatedAt,
}

#[derive(DeriveIden)]
enum KlienApi {
    Table,
    Id,
    ClientId,
    SecretHash,
    Nama,
    SatkerId,
    Peran,
    DicabutPada,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Pengguna {
    Table,
    Id,
    Username,
    PasswordHash,
    Nama,
    SatkerId,
    Peran,
    DicabutPada,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    Waktu,
    Pelaku,
    JenisPelaku,
    SatkerId,
    Aksi,
    Objek,
    Sebelum,
    Sesudah,
    RequestId,
}

fn fk(name: &str, from: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(Satker::Table, Satker::Id).on_delete(on_delete).take()
}

fn fk_to(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).take()
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(Alias::new(*c));
    }
    if unique {
        idx.unique();
    }
    idx.take()
}

/// Workflow columns shared by the three documents a satker submits.
fn workflow(t: &mut TableCreateStatement, status: impl IntoIden, versi: impl IntoIden) {
    t.col(string(status).default("draf")).col(integer(versi).default(0));
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Satker::Table)
                .col(big_pk_auto(Satker::Id))
                .col(string_uniq(Satker::KodeWilayah))
                .col(string_len_null(Satker::KodeSatker, 6).unique_key())
                .col(string_null(Satker::KodeBps))
                .col(string(Satker::Nama))
                .col(string(Satker::NamaWilayah))
                .col(string(Satker::Tingkat))
                .col(big_integer_null(Satker::IndukId))
                .col(string(Satker::Jalur))
                .col(timestamp_with_time_zone(Satker::CreatedAt).default(Expr::current_timestamp()))
                .foreign_key(&mut fk("fk_satker_induk", (Satker::Table, Satker::IndukId), ForeignKeyAction::Restrict))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_satker_induk", Satker::Table, &["induk_id"], false)).await?;
        m.create_index(index("idx_satker_jalur", Satker::Table, &["jalur"], false)).await?;

        let mut pk = Table::create();
        pk.table(PerjanjianKinerja::Table)
            .col(big_pk_auto(PerjanjianKinerja::Id))
            .col(big_integer(PerjanjianKinerja::SatkerId))
            .col(integer(PerjanjianKinerja::Tahun));
        workflow(&mut pk, PerjanjianKinerja::Status, PerjanjianKinerja::Versi);
        pk.col(text_null(PerjanjianKinerja::Alasan))
            .col(timestamp_with_time_zone_null(PerjanjianKinerja::DiajukanPada))
            .col(timestamp_with_time_zone_null(PerjanjianKinerja::DiputuskanPada))
            .col(string_null(PerjanjianKinerja::DiputuskanOleh))
            .col(timestamp_with_time_zone(PerjanjianKinerja::CreatedAt).default(Expr::current_timestamp()))
            .col(timestamp_with_time_zone(PerjanjianKinerja::UpdatedAt).default(Expr::current_timestamp()))
            .foreign_key(&mut fk(
                "fk_pk_satker",
                (PerjanjianKinerja::Table, PerjanjianKinerja::SatkerId),
                ForeignKeyAction::Cascade,
            ));
        m.create_table(pk.take()).await?;
        m.create_index(index("uq_pk_satker_tahun", PerjanjianKinerja::Table, &["satker_id", "tahun"], true)).await?;

        m.create_table(
            Table::create()
                .table(Indikator::Table)
                .col(big_pk_auto(Indikator::Id))
                .col(big_integer(Indikator::PkId))
                .col(integer(Indikator::Urutan))
                .col(string(Indikator::Kode))
                .col(text(Indikator::Nama))
                .col(text_null(Indikator::Tujuan))
                .col(text_null(Indikator::Sasaran))
                .col(text_null(Indikator::Definisi))
                .col(string(Indikator::Satuan))
                .col(string(Indikator::TipeNilai))
                .col(string(Indikator::Polaritas).default("maksimal"))
                .col(string_null(Indikator::MetodePredikat))
                .col(big_integer(Indikator::BobotE6).default(1_000_000))
                .col(big_integer_null(Indikator::TargetE6))
                .col(big_integer_null(Indikator::TargetAtasE6))
                .col(string_null(Indikator::TargetTeks))
                .col(big_integer_null(Indikator::TargetTw1E6))
                .col(big_integer_null(Indikator::TargetTw2E6))
                .col(big_integer_null(Indikator::TargetTw3E6))
                .col(big_integer_null(Indikator::TargetTw4E6))
                .foreign_key(&mut fk_to(
                    "fk_indikator_pk",
                    (Indikator::Table, Indikator::PkId),
                    (PerjanjianKinerja::Table, PerjanjianKinerja::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("uq_indikator_pk_kode", Indikator::Table, &["pk_id", "kode"], true)).await?;

        let mut lap = Table::create();
        lap.table(LaporanRealisasi::Table)
            .col(big_pk_auto(LaporanRealisasi::Id))
            .col(big_integer(LaporanRealisasi::SatkerId))
            .col(integer(LaporanRealisasi::Tahun))
            .col(small_integer(LaporanRealisasi::Triwulan).check(Expr::col(LaporanRealisasi::Triwulan).between(1, 4)));
        workflow(&mut lap, LaporanRealisasi::Status, LaporanRealisasi::Versi);
        lap.col(text_null(LaporanRealisasi::Alasan))
            .col(timestamp_with_time_zone_null(LaporanRealisasi::DiajukanPada))
            .col(timestamp_with_time_zone_null(LaporanRealisasi::DiputuskanPada))
            .col(string_null(LaporanRealisasi::DiputuskanOleh))
            .col(timestamp_with_time_zone(LaporanRealisasi::CreatedAt).default(Expr::current_timestamp()))
            .col(timestamp_with_time_zone(LaporanRealisasi::UpdatedAt).default(Expr::current_timestamp()))
            .foreign_key(&mut fk(
                "fk_laporan_satker",
                (LaporanRealisasi::Table, LaporanRealisasi::SatkerId),
                ForeignKeyAction::Cascade,
            ));
        m.create_table(lap.take()).await?;
        m.create_index(index(
            "uq_laporan_satker_tahun_tw",
            LaporanRealisasi::Table,
            &["satker_id", "tahun", "triwulan"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Realisasi::Table)
                .col(big_pk_auto(Realisasi::Id))
                .col(big_integer(Realisasi::LaporanId))
                .col(big_integer(Realisasi::IndikatorId))
                .col(big_integer_null(Realisasi::NilaiE6))
                .col(string_null(Realisasi::NilaiTeks))
                .col(big_integer_null(Realisasi::CapaianE6))
                .col(big_integer_null(Realisasi::CapaianTerbatasE6))
                .col(string_null(Realisasi::Kategori))
                .col(big_integer_null(Realisasi::CapaianDilaporkanE6))
                .col(text_null(Realisasi::Catatan))
                .col(text_null(Realisasi::BuktiDukung))
                .foreign_key(&mut fk_to(
                    "fk_realisasi_laporan",
                    (Realisasi::Table, Realisasi::LaporanId),
                    (LaporanRealisasi::Table, LaporanRealisasi::Id),
                ))
                .foreign_key(&mut fk_to(
                    "fk_realisasi_indikator",
                    (Realisasi::Table, Realisasi::IndikatorId),
                    (Indikator::Table, Indikator::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "uq_realisasi_laporan_indikator",
            Realisasi::Table,
            &["laporan_id", "indikator_id"],
            true,
        ))
        .await?;
        m.create_index(index("idx_realisasi_indikator", Realisasi::Table, &["indikator_id"], false)).await?;

        let mut ang = Table::create();
        ang.table(Anggaran::Table)
            .col(big_pk_auto(Anggaran::Id))
            .col(big_integer(Anggaran::SatkerId))
            .col(integer(Anggaran::Tahun));
        workflow(&mut ang, Anggaran::Status, Anggaran::Versi);
        ang.col(timestamp_with_time_zone(Anggaran::CreatedAt).default(Expr::current_timestamp()))
            .col(timestamp_with_time_zone(Anggaran::UpdatedAt).default(Expr::current_timestamp()))
            .foreign_key(&mut fk(
                "fk_anggaran_satker",
                (Anggaran::Table, Anggaran::SatkerId),
                ForeignKeyAction::Cascade,
            ));
        m.create_table(ang.take()).await?;
        m.create_index(index("uq_anggaran_satker_tahun", Anggaran::Table, &["satker_id", "tahun"], true)).await?;

        m.create_table(
            Table::create()
                .table(AnggaranBaris::Table)
                .col(big_pk_auto(AnggaranBaris::Id))
                .col(big_integer(AnggaranBaris::AnggaranId))
                .col(integer(AnggaranBaris::Urutan))
                .col(string(AnggaranBaris::ProgramKode))
                .col(string(AnggaranBaris::ProgramNama))
                .col(string_null(AnggaranBaris::KegiatanKode))
                .col(string_null(AnggaranBaris::KegiatanNama))
                .col(string_len_null(AnggaranBaris::Akun, 6))
                .col(string_len(AnggaranBaris::JenisBelanja, 2))
                .col(string(AnggaranBaris::SumberDana))
                .col(text_null(AnggaranBaris::Uraian))
                .col(big_integer(AnggaranBaris::Pagu).check(Expr::col(AnggaranBaris::Pagu).gte(0)))
                .col(big_integer(AnggaranBaris::Realisasi).check(Expr::col(AnggaranBaris::Realisasi).gte(0)))
                .foreign_key(&mut fk_to(
                    "fk_baris_anggaran",
                    (AnggaranBaris::Table, AnggaranBaris::AnggaranId),
                    (Anggaran::Table, Anggaran::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_baris_anggaran", AnggaranBaris::Table, &["anggaran_id"], false)).await?;

        m.create_table(
            Table::create()
                .table(AnggaranBulanan::Table)
                .col(big_integer(AnggaranBulanan::BarisId))
                .col(small_integer(AnggaranBulanan::Bulan).check(Expr::col(AnggaranBulanan::Bulan).between(1, 12)))
                .col(big_integer(AnggaranBulanan::Realisasi))
                .primary_key(Index::create().col(AnggaranBulanan::BarisId).col(AnggaranBulanan::Bulan))
                .foreign_key(&mut fk_to(
                    "fk_bulanan_baris",
                    (AnggaranBulanan::Table, AnggaranBulanan::BarisId),
                    (AnggaranBaris::Table, AnggaranBaris::Id),
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Periode::Table)
                .col(big_pk_auto(Periode::Id))
                .col(integer(Periode::Tahun))
                .col(string(Periode::Jenis))
                .col(small_integer(Periode::Triwulan).default(0))
                .col(timestamp_with_time_zone_null(Periode::Tenggat))
                .col(boolean(Periode::Ditutup).default(false))
                .col(text_null(Periode::AlasanTutup))
                .to_owned(),
        )
        .await?;
        m.create_index(index("uq_periode", Periode::Table, &["tahun", "jenis", "triwulan"], true)).await?;

        m.create_table(
            Table::create()
                .table(AturanCapaian::Table)
                .col(big_pk_auto(AturanCapaian::Id))
                .col(big_integer_null(AturanCapaian::SatkerId).unique_key())
                .col(big_integer(AturanCapaian::BatasCapaianE6).default(120_000_000))
                .col(json(AturanCapaian::PitaKategori))
                .col(timestamp_with_time_zone(AturanCapaian::UpdatedAt).default(Expr::current_timestamp()))
                .foreign_key(&mut fk(
                    "fk_aturan_satker",
                    (AturanCapaian::Table, AturanCapaian::SatkerId),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Temuan::Table)
                .col(big_pk_auto(Temuan::Id))
                .col(big_integer(Temuan::SatkerId))
                .col(integer(Temuan::Tahun))
                .col(small_integer_null(Temuan::Triwulan))
                .col(big_integer_null(Temuan::IndikatorId))
                .col(string(Temuan::Kode))
                .col(text(Temuan::Pesan))
                .col(timestamp_with_time_zone(Temuan::CreatedAt).default(Expr::current_timestamp()))
                .foreign_key(&mut fk("fk_temuan_satker", (Temuan::Table, Temuan::SatkerId), ForeignKeyAction::Cascade))
                .foreign_key(&mut fk_to(
                    "fk_temuan_indikator",
                    (Temuan::Table, Temuan::IndikatorId),
                    (Indikator::Table, Indikator::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_temuan_satker_tahun", Temuan::Table, &["satker_id", "tahun"], false)).await?;

        m.create_table(
            Table::create()
                .table(KlienApi::Table)
                .col(big_pk_auto(KlienApi::Id))
                .col(string_uniq(KlienApi::ClientId))
                .col(string(KlienApi::SecretHash))
                .col(string(KlienApi::Nama))
                .col(big_integer(KlienApi::SatkerId))
                .col(string(KlienApi::Peran))
                .col(timestamp_with_time_zone_null(KlienApi::DicabutPada))
                .col(timestamp_with_time_zone(KlienApi::CreatedAt).default(Expr::current_timestamp()))
                .foreign_key(&mut fk(
                    "fk_klien_satker",
                    (KlienApi::Table, KlienApi::SatkerId),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Pengguna::Table)
                .col(big_pk_auto(Pengguna::Id))
                .col(string_uniq(Pengguna::Username))
                .col(string(Pengguna::PasswordHash))
                .col(string(Pengguna::Nama))
                .col(big_integer(Pengguna::SatkerId))
                .col(string(Pengguna::Peran))
                .col(timestamp_with_time_zone_null(Pengguna::DicabutPada))
                .col(timestamp_with_time_zone(Pengguna::CreatedAt).default(Expr::current_timestamp()))
                .foreign_key(&mut fk(
                    "fk_pengguna_satker",
                    (Pengguna::Table, Pengguna::SatkerId),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::Waktu).default(Expr::current_timestamp()))
                .col(string(AuditLog::Pelaku))
                .col(string(AuditLog::JenisPelaku))
                .col(big_integer_null(AuditLog::SatkerId))
                .col(string(AuditLog::Aksi))
                .col(string(AuditLog::Objek))
                .col(json_null(AuditLog::Sebelum))
                .col(json_null(AuditLog::Sesudah))
                .col(string_null(AuditLog::RequestId))
                .foreign_key(&mut fk(
                    "fk_audit_satker",
                    (AuditLog::Table, AuditLog::SatkerId),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_audit_satker_waktu", AuditLog::Table, &["satker_id", "waktu"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never block the drop.
        let tables: [DynIden; 14] = [
            AuditLog::Table.into_iden(),
            Pengguna::Table.into_iden(),
            KlienApi::Table.into_iden(),
            Temuan::Table.into_iden(),
            AturanCapaian::Table.into_iden(),
            Periode::Table.into_iden(),
            AnggaranBulanan::Table.into_iden(),
            AnggaranBaris::Table.into_iden(),
            Anggaran::Table.into_iden(),
            Realisasi::Table.into_iden(),
            LaporanRealisasi::Table.into_iden(),
            Indikator::Table.into_iden(),
            PerjanjianKinerja::Table.into_iden(),
            Satker::Table.into_iden(),
        ];
        for t in tables {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
