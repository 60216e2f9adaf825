package collectors

import (
	"context"
	"fmt"
	"time"

	"github.com/paved-dev/paved/model"
)

// UnixOf is t as cursor states store it: Unix seconds, 0 for the zero time.
func UnixOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// UnixTime reads a time UnixOf wrote, in UTC.
func UnixTime(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

// LaterOf is the later of two times.
func LaterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// SourceCursorDone reads the source-wide cursor (no repo) of resource and
// marks it a success at now with n more items, ready to store.
func SourceCursorDone(ctx context.Context, store model.Store, source, resource string, n int, now time.Time) (model.Cursor, error) {
	cur, err := store.Cursor(ctx, source, "", resource)
	if err != nil {
		return model.Cursor{}, fmt.Errorf("source %q: %w", source, err)
	}
	cur.Items += int64(n)
	cur.LastSuccess, cur.LastError = now, ""
	return cur, nil
}
