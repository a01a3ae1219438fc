// PostGraphile 5 over the kinerja database, as bench/postgraphile.sh runs it: the Amber preset
// with @graphile/pg-aggregates, no explain, and a pool of the same size as the service's
// (20 connections on PostgreSQL, api/src/db.rs).
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";
import { makePgService } from "postgraphile/adaptors/pg";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL ?? 20) });

export default {
  extends: [PostGraphileAmberPreset, PgAggregatesPreset],
  pgServices: [makePgService({ pool, schemas: ["public"] })],
  grafserv: { port: Number(process.env.PORT ?? 18140), host: "127.0.0.1", graphiql: false },
  grafast: { explain: false },
};
