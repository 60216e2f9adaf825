package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// A cursor row holds exactly what the collector passed: Items is the collector's
// cumulative count, not incremented here, so re-applying a batch cannot inflate it.
var upsertCursorSQL = upsertSQL("sync_cursors", "source, repo, resource",
	"watermark, position, etag, last_success, last_error, last_error_at, items", nil)

func (a *applier) cursors(cursors []model.Cursor) error {
	for _, c := range cursors {
		source := a.sourceOf(c.Source)
		err := a.w.do(op{stmt: a.st.upsertCursor,
			args: []any{source, c.Repo, c.Resource, unixOrNil(c.Watermark), sanitize.Flat(c.Position, maxText), sanitize.Flat(c.ETag, maxText),
				unixOrNil(c.LastSuccess), cleanError(c.LastError), unixOrNil(c.LastErrorAt), c.Items},
			fail: func(err error) error { return fmt.Errorf("store cursor %s %s %s: %w", source, c.Repo, c.Resource, err) },
		})
		if err != nil {
			return err
		}
	}
	return nil
}

const cursorColumns = `source, repo, resource, watermark, position, etag, last_success, last_error, last_error_at, items`

func scanCursor(row rowScanner) (model.Cursor, error) {
	var c model.Cursor
	var watermark, lastSuccess, lastErrorAt nullUnix
	err := row.Scan(&c.Source, &c.Repo, &c.Resource, &watermark, &c.Position, &c.ETag,
		&lastSuccess, &c.LastError, &lastErrorAt, &c.Items)
	c.Watermark, c.LastSuccess, c.LastErrorAt = watermark.Time(), lastSuccess.Time(), lastErrorAt.Time()
	return c, err
}

// Cursor returns the stored cursor, or a zero Cursor with the keys set.
func (d *DB) Cursor(ctx context.Context, source, repo, resource string) (model.Cursor, error) {
	row := d.reader.QueryRowContext(ctx,
		`SELECT `+cursorColumns+` FROM sync_cursors WHERE source = ? AND repo = ? AND resource = ?`,
		source, repo, resource)
	c, err := scanCursor(row)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Cursor{Source: source, Repo: repo, Resource: resource}, nil
	}
	if err != nil {
		return model.Cursor{}, fmt.Errorf("read cursor %s %s %s: %w", source, repo, resource, err)
	}
	return c, nil
}

var recordErrorSQL = upsertSQL("sync_cursors", "source, repo, resource", "last_error, last_error_at", nil)

// RecordError stores a sync failure on a cursor, leaving its watermark, position,
// ETag and counts as they were so the next pass resumes where the last success ended.
func (d *DB) RecordError(ctx context.Context, source, repo, resource, msg string, at time.Time) error {
	if at.IsZero() {
		at = d.Now()
	}
	err := d.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, recordErrorSQL, source, repo, resource, cleanError(msg), unixArg(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("record sync error %s %s %s: %w", source, repo, resource, err)
	}
	return nil
}

// SyncStatus returns every cursor, ordered by source, repo and resource.
func (d *DB) SyncStatus(ctx context.Context) ([]model.Cursor, error) {
	cursors, err := allRows(ctx, d.reader, `SELECT `+cursorColumns+` FROM sync_cursors ORDER BY source, repo, resource`, nil, scanCursor)
	if err != nil {
		return nil, fmt.Errorf("sync status: %w", err)
	}
	return cursors, nil
}
