#!/usr/bin/env bash
# Run once by the postgres image on the primary's first start: let the replica connect for
# streaming replication with the same role (it has the password; scram over the compose network).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -c "ALTER ROLE \"$POSTGRES_USER\" WITH REPLICATION"
echo "host replication $POSTGRES_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
