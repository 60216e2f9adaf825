package ui

import (
	"encoding/json"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
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
	Samples map[string]int
}

func decodePoint(r db.ScorecardSummary) (point, error) {
	var dims map[string]struct {
		Level   *int                      `json:"level"`
		Status  string                    `json:"status"`
		Metrics map[string]scoring.Metric `json:"metrics"` // both stored forms

	}
	if err := json.Unmarshal(r.Dimensions, &dims); err != nil {
		return point{}, err
	}
	p := point{AsOf: r.AsOf, Level: r.Level, Score: r.Score, Dims: make(map[string]dimPoint, len(dims))}
	for k, d := range dims {
		dp := dimPoint{Level: d.Level, Status: d.Status, Metrics: make(map[string]*float64, len(d.Metrics)),
			Samples: make(map[string]int, len(d.Metrics))}
		for mk, m := range d.Metrics {
			dp.Metrics[mk], dp.Samples[mk] = m.Value, m.Samples
		}
		p.Dims[k] = dp
	}
	return p, nil
}

// dimLevel is a dimension's level at the point, nil when unknown.
func (p point) dimLevel(dim string) *int { return p.Dims[dim].Level }

// metric is a metric's value at the point, nil when unknown.
func (p point) metric(dim, key string) *float64 { return p.Dims[dim].Metrics[key] }

// samples is a metric's sample size at the point.
func (p point) samples(dim, key string) int { return p.Dims[dim].Samples[key] }

// weekly is a trend, oldest first: the weekly snapshots before the newest point,
// then the newest point (the current scorecard) as the last, at most n points in all.
// A change baseline stored between snapshots is not a point of any trend.
func weekly(points []point, n int) []point {
	if len(points) == 0 || n <= 0 {
		return nil
	}
	latest := points[len(points)-1]
	out := make([]point, 0, min(len(points), n))
	for _, p := range points[:len(points)-1] {
		if db.IsSnapshot(p.AsOf) && p.AsOf.Before(latest.AsOf) {
			out = append(out, p)
		}
	}
	out = append(out, latest)
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// baseline is the scorecard the newest point's changes compare with: the one at
// exactly db.BaselineOf(newest), false when none is stored.
func baseline(points []point) (point, bool) {
	if len(points) == 0 {
		return point{}, false
	}
	want := db.BaselineOf(points[len(points)-1].AsOf)
	for i := len(points) - 2; i >= 0; i-- {
		if points[i].AsOf.Equal(want) {
			return points[i], true
		}
		if points[i].AsOf.Before(want) {
			break
		}
	}
	return point{}, false
}
