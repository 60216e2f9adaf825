package main

import (
	"errors"
	"net/url"

	"github.com/paved-dev/paved/db"
)

// loadDatabasePassword checks a Postgres `database` URL and reads
// database_password_env's value. The password never sits in the URL, which
// errors and logs name; without database_password_env, Postgres's own
// PGPASSWORD (or ~/.pgpass) supplies it.
func (c *Config) loadDatabasePassword(environ map[string]string) error {
	if !db.IsPostgres(c.Database) {
		if c.DatabasePasswordEnv != "" {
			return errors.New("database_password_env: only a postgres:// database takes a password")
		}
		return nil
	}
	u, err := url.Parse(c.Database)
	if err != nil {
		// The parser's message quotes the URL, which may hold a password.
		return errors.New("database: not a valid postgres:// URL")
	}
	if _, ok := u.User.Password(); ok || u.Query().Has("password") {
		return errors.New("database: the URL must not hold a password; put it in the environment variable database_password_env names, or in PGPASSWORD")
	}
	c.databasePassword, err = secretFromEnv("database_password_env", c.DatabasePasswordEnv, environ)
	return err
}
