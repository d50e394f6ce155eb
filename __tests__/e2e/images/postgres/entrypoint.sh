#!/bin/sh
# The subset of the official postgres image's entrypoint the stack relies on (Debian's package has none):
# on an empty $PGDATA, initdb with the superuser password from $POSTGRES_PASSWORD_FILE and $POSTGRES_INITDB_ARGS,
# create $POSTGRES_DB, run /docker-entrypoint-initdb.d/*.sh (sourced) and *.sql against a socket-only server,
# then exec the server with the given arguments. Runs as the service's uid; never chowns (B04).
set -eu
if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  # shellcheck disable=SC2086
  initdb --username=postgres --pwfile="$POSTGRES_PASSWORD_FILE" $POSTGRES_INITDB_ARGS -D "$PGDATA"
  PGPASSWORD=$(cat "$POSTGRES_PASSWORD_FILE")
  export PGPASSWORD
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories=/run/postgresql" start
  export PGHOST=/run/postgresql POSTGRES_USER=postgres
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username postgres --dbname postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --no-psqlrc --username postgres --dbname "$POSTGRES_DB" -f "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD PGHOST
  echo "PostgreSQL init process complete; ready for start up."
fi
exec "$@"
