package digest

import (
	"fmt"
	"time"
)

// ISOWeek is an ISO 8601 week, written 2026-W07. A digest covers one: it reports
// the snapshot taken as the week starts (Monday 00:00 UTC).
type ISOWeek struct {
	Year int
	Week int
}

// WeekOf is the ISO week holding t (in UTC).
func WeekOf(t time.Time) ISOWeek {
	y, w := t.UTC().ISOWeek()
	return ISOWeek{Year: y, Week: w}
}

// ParseISOWeek reads "YYYY-Www", e.g. 2026-W07.
func ParseISOWeek(s string) (ISOWeek, error) {
	var w ISOWeek
	var rest string
	n, _ := fmt.Sscanf(s, "%4d-W%2d%s", &w.Year, &w.Week, &rest)
	if n != 2 || len(s) != len("2006-W01") || w.Week < 1 || w.Start().IsZero() || WeekOf(w.Start()) != w {
		return ISOWeek{}, fmt.Errorf("week %q: want an ISO week such as 2026-W07", s)
	}
	return w, nil
}

// Start is the week's Monday at 00:00 UTC.
func (w ISOWeek) Start() time.Time {
	if w.Year < 1 || w.Week < 1 || w.Week > 53 {
		return time.Time{}
	}
	// 4 January is always in week 1.
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w.Week-1))
}

// Prev is the week before.
func (w ISOWeek) Prev() ISOWeek { return WeekOf(w.Start().AddDate(0, 0, -7)) }

// String writes the week as 2026-W07.
func (w ISOWeek) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// MarshalText makes a week read as its string in JSON and templates.
func (w ISOWeek) MarshalText() ([]byte, error) { return []byte(w.String()), nil }
