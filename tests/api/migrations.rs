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

    // Rolling back only the registry leaves the schema and an empty registry.
    Migrator::down(&db, Some(1)).await.unwrap();
    assert_eq!(satker::Entity::find().count(&db).await.unwrap(), 0);
    db.close().await.unwrap();
}
