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

// Latest is the latest of ts (LaterOf over them in turn), zero for none.
func Latest(ts ...time.Time) time.Time {
	var t time.Time
	for i, u := range ts {
		if i == 0 {
			t = u
			continue
		}
		t = LaterOf(t, u)
	}
	return t
}

// Advance is the watermark after a walk that saw items up to high: the later of
// the stored watermark and high, but never past now, the collection's own
// clock. A forge whose clock runs ahead (updated_at in the future) would
// otherwise push the watermark past items it updates later, and the next pass
// would skip them; a watermark already in the future is pulled back to now.
func Advance(watermark, high, now time.Time) time.Time {
	w := LaterOf(watermark, high)
	if !now.IsZero() && w.After(now) {
		return now
	}
	return w
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

// MarkSeen stamps findings read by a pass at now with the pass's clock: a closed
// finding whose forge gives no close time is closed from when Paved first saw it
// closed (the store keeps the first such time).
func MarkSeen(findings []model.Finding, now time.Time) {
	for i := range findings {
		if findings[i].SeenAt.IsZero() {
			findings[i].SeenAt = now
		}
	}
}
