package ui

import (
	"encoding/json"
	"time"

	"github.com/paved-dev/paved/db"
)

// point is a stored scorecard reduced to its figures.
type point struct {
	AsOf  time.Time
	Level *int
	Score *int
	Dims  map[string]dimPoint
}

type dimPoint struct {
	Level   *int
	Status  string
	Metrics map[string]*float64
}

func decodePoint(r db.ScorecardSummary) (point, error) {
	var dims map[string]struct {
		Level   *int   `json:"level"`
		Status  string `json:"status"`
		Metrics map[string]struct {
			Value *float64 `json:"value"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal(r.Dimensions, &dims); err != nil {
		return point{}, err
	}
	p := point{AsOf: r.AsOf, Level: r.Level, Score: r.Score, Dims: make(map[string]dimPoint, len(dims))}
	for k, d := range dims {
		dp := dimPoint{Level: d.Level, Status: d.Status, Metrics: make(map[string]*float64, len(d.Metrics))}
		for mk, m := range d.Metrics {
			dp.Metrics[mk] = m.Value
		}
		p.Dims[k] = dp
	}
	return p, nil
}

// dimLevel is a dimension's level at the point, nil when unknown.
func (p point) dimLevel(dim string) *int { return p.Dims[dim].Level }

// metric is a metric's value at the point, nil when unknown.
func (p point) metric(dim, key string) *float64 { return p.Dims[dim].Metrics[key] }

// isSnapshot reports whether t is a weekly snapshot instant, Monday 00:00 UTC.
func isSnapshot(t time.Time) bool {
	t = t.UTC()
	return t.Weekday() == time.Monday && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// weekly keeps the snapshot points, at most the last n of them, oldest first.
func weekly(points []point, n int) []point {
	out := make([]point, 0, min(len(points), n))
	for _, p := range points {
		if isSnapshot(p.AsOf) {
			out = append(out, p)
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// weekBefore is the newest point at least a week older than the newest one: what
// "change since last week" compares with.
func weekBefore(points []point) (point, bool) {
	if len(points) == 0 {
		return point{}, false
	}
	cutoff := points[len(points)-1].AsOf.Add(-7 * 24 * time.Hour)
	for i := len(points) - 1; i >= 0; i-- {
		if !points[i].AsOf.After(cutoff) {
			return points[i], true
		}
	}
	return point{}, false
}
