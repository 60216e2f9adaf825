package db

import (
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
)

// unixOrNil stores a time as unix seconds UTC; the zero time is NULL.
func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// nullUnix scans what unixOrNil stored.
type nullUnix struct{ sql.NullInt64 }

// Time is the stored time in UTC, or the zero time for NULL.
func (n nullUnix) Time() time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
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
