package scoring

import "time"

// TrendPoint is one week of GET /api/v1/teams/{slug}/trend.
type TrendPoint struct {
	AsOf       time.Time           `json:"as_of"`
	Level      *int                `json:"level"`
	Score      *int                `json:"score"`
	Dimensions map[string]*int     `json:"dimensions"` // dimension → level (null when insufficient)
	Metrics    map[string]*float64 `json:"metrics"`    // metric → value (null without samples)
}

// TeamSummary is one team of GET /api/v1/teams.
type TeamSummary struct {
	Slug       string          `json:"slug"`
	Name       string          `json:"name"`
	Level      *int            `json:"level"`
	Score      *int            `json:"score"`
	Dimensions map[string]*int `json:"dimensions"`
}

// TrendPoint condenses the scorecard to its levels and metric values.
func (s Scorecard) TrendPoint() TrendPoint {
	p := TrendPoint{AsOf: s.AsOf, Level: s.Level, Score: s.Score,
		Dimensions: s.dimensionLevels(), Metrics: make(map[string]*float64, len(metricDefs))}
	for _, d := range s.Dimensions {
		for k, m := range d.Metrics {
			p.Metrics[k] = m.Value
		}
	}
	return p
}

// Summary condenses the scorecard to its team, levels and score.
func (s Scorecard) Summary() TeamSummary {
	return TeamSummary{Slug: s.Team.Slug, Name: s.Team.Name, Level: s.Level, Score: s.Score,
		Dimensions: s.dimensionLevels()}
}

func (s Scorecard) dimensionLevels() map[string]*int {
	out := make(map[string]*int, len(s.Dimensions))
	for k, d := range s.Dimensions {
		out[k] = d.Level
	}
	return out
}
