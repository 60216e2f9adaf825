// Package jobs is Paved's job queue: River (riverqueue/river) in the database Paved
// stores its facts in, so that collections, rescoring and digests run as jobs that
// exactly one replica runs at a time, with leader election, retries with backoff and
// a history of past jobs.
//
// The queue has its own connection pool beside the store's (River's SQLite driver
// wants one connection of its own on the same file), its own tables (river_*),
// migrated by rivermigrate and versioned apart from the store's goose migrations.
package jobs
