use entity::satker;
use migration::{Migrator, MigratorTrait};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::fresh_database;

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let database = fresh_database(false).await;
    let db = api::db::connect(&api::config::DatabaseUrl::new(database.url.clone())).await.unwrap();

    Migrator::up(&db, None).await.unwrap();
    assert!(Migrator::get_pending_migrations(&db).await.unwrap().is_empty());
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 553);

    Migrator::down(&db, None).await.unwrap();
    assert!(Migrator::get_applied_migrations(&db).await.unwrap().is_empty());
    assert!(satker::Entity::find().count(&db).await.is_err(), "satker table should be gone");

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 553);

    // Rolling back everything after the schema leaves the tables and an empty registry.
    let after_schema = u32::try_from(Migrator::migrations().len() - 1).unwrap();
    Migrator::down(&db, Some(after_schema)).await.unwrap();
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 0);
    db.close().await.unwrap();
}
