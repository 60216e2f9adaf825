package db

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
)

// Times are stored as unix seconds UTC with the forge's milliseconds as a
// fraction: a whole second is an INTEGER (as every time stored before v2), a
// time with milliseconds a REAL (1700000000.123). One unit, seconds, holds for
// every time column, so SQL that compares a column with t.Unix() or another
// column keeps working, and reading back rounds to the millisecond, which a
// float64 holds exactly for any date this side of year 200000.

// unixOrNil stores a time as unix seconds UTC with millisecond precision; the
// zero time is NULL.
func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return unixArg(t)
}

// unixArg is t as a query parameter compared with stored times: unix seconds,
// an int64 for a whole second, else a float64 carrying the milliseconds.
func unixArg(t time.Time) any {
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return ms / 1000
	}
	return float64(ms) / 1000
}

// timeOfUnix reads a stored time: unix seconds, whole or with a millisecond fraction.
func timeOfUnix(v any) (time.Time, bool) {
	switch x := v.(type) {
	case int64:
		return time.Unix(x, 0).UTC(), true
	case float64:
		return time.UnixMilli(int64(math.Round(x * 1000))).UTC(), true
	case []byte:
		return timeOfText(string(x))
	case string:
		return timeOfText(x)
	}
	return time.Time{}, false
}

func timeOfText(s string) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return time.UnixMilli(int64(math.Round(f * 1000))).UTC(), true
	}
	return time.Time{}, false
}

// nullUnix scans what unixOrNil stored. Valid is false for NULL.
type nullUnix struct {
	Valid bool
	t     time.Time
}

// Scan implements sql.Scanner.
func (n *nullUnix) Scan(v any) error {
	if v == nil {
		*n = nullUnix{}
		return nil
	}
	t, ok := timeOfUnix(v)
	if !ok {
		return fmt.Errorf("stored time: unexpected %T value", v)
	}
	*n = nullUnix{Valid: true, t: t}
	return nil
}

// Time is the stored time in UTC, to the millisecond, or the zero time for NULL.
func (n nullUnix) Time() time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.t
}

// joinMillis stores a list of times as unix milliseconds "1700000000123,...".
func joinMillis(ts []time.Time) string {
	b := make([]byte, 0, 14*len(ts))
	for i, t := range ts {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, t.UnixMilli(), 10)
	}
	return string(b)
}

// splitMillis reads back joinMillis, skipping anything that is not a number.
func splitMillis(s string) []time.Time {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]time.Time, 0, len(parts))
	for _, p := range parts {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, time.UnixMilli(n).UTC())
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// joinInts stores a list of numbers as "1,2,3".
func joinInts(ns []int) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return strconv.Itoa(ns[0])
	}
	b := make([]byte, 0, 8*len(ns))
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return string(b)
}

// splitInts reads back joinInts, skipping anything that is not a number.
func splitInts(s string) []int {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	ns := make([]int, 0, len(parts))
	for _, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			ns = append(ns, n)
		}
	}
	return ns
}

// joinClean cleans each element (which drops any separator inside it) and joins them.
func joinClean(items []string, sep string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return strings.ReplaceAll(sanitize.Flat(items[0], maxName), sep, " ")
	}
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(strings.ReplaceAll(sanitize.Flat(it, maxName), sep, " "))
	}
	return b.String()
}

func split(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

// durationOrNil stores a duration as whole milliseconds; zero is NULL (unknown).
func durationOrNil(d time.Duration) any {
	if d <= 0 {
		return nil
	}
	return d.Milliseconds()
}
