package db

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// conflictAttempts bounds how often a transaction that Postgres aborted for a
// conflict with a concurrent one (a deadlock, a serialization failure) runs.
const conflictAttempts = 5

// retryConflicts runs attempt, a whole transaction, again while Postgres
// aborts it for a conflict with a concurrent transaction, up to
// conflictAttempts times, waiting a short random while in between so that the
// two do not meet again at once. Such an abort rolls everything back, so the
// transaction can simply run again; any other error ends it.
func retryConflicts(ctx context.Context, attempt func() error) error {
	for i := 1; ; i++ {
		err := attempt()
		if err == nil || !isConflict(err) || i == conflictAttempts {
			return err
		}
		wait := time.Duration(rand.Int64N(int64(5*time.Millisecond) << i))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// isConflict reports whether err is Postgres aborting a transaction for a
// deadlock (40P01) or a serialization failure (40001).
func isConflict(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "40P01" || pg.Code == "40001")
}
