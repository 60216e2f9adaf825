# Sourced by .ci/run: a throwaway Postgres cluster for the test suites that run on
# both stores. start_postgres installs Debian's postgresql when no initdb is found,
# initialises a cluster in a temporary directory (as the postgres user when run as
# root: initdb refuses root), starts it on a unix socket there, and exports its DSN
# as PAVED_TEST_POSTGRES; stop_postgres stops it and removes the directory.

pg_bin() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	return 1
}

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start_postgres() {
	local bin
	if ! bin=$(pg_bin); then
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends postgresql
		bin=$(pg_bin)
	fi
	PG_DIR=$(mktemp -d /tmp/paved-pg.XXXXXX)
	local user
	user=$(id -un)
	if [ "$(id -u)" = 0 ]; then
		user=postgres
		chown postgres "$PG_DIR"
	fi
	pg_as "$bin/initdb" -D "$PG_DIR/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
		{ cat "$PG_DIR/initdb.log"; return 1; }
	# Only the unix socket in PG_DIR: nothing listens on the network. fsync off: the
	# cluster lives as long as the run.
	pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
		-o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c port=5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" >/dev/null ||
		{ cat "$PG_DIR/server.log"; return 1; }
	export PAVED_TEST_POSTGRES="postgres://$user@/postgres?host=$PG_DIR&port=5432&sslmode=disable"
	echo "postgres: $("$bin/postgres" --version), socket in $PG_DIR"
}

stop_postgres() {
	[ -n "${PG_DIR:-}" ] || return 0
	local bin
	bin=$(pg_bin) && pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$PG_DIR"
	PG_DIR=
}
