package digest

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// minChange is the smallest normalised change worth a line: one percentage point of
// a ratio, or 1% of any other metric.
const minChange = 0.01

// normalisedChange puts the change of any metric on one scale, so that the top
// improvements can be picked across metrics as different as a coverage ratio and a
// lead time in hours:
//
//   - a ratio (already in [0,1]) changes by its difference: 0.60 → 0.75 is 0.15,
//     fifteen percentage points;
//   - any other metric changes by its difference relative to the larger of the two
//     values, (to − from) / max(|from|, |to|, 1): 20 h → 10 h is −0.5. The relative
//     change is symmetric, so a halving and a doubling weigh the same, and it stays
//     in [−1, 1] like a ratio's; the floor of 1 (hour, day, finding…) keeps noise
//     near zero, 0.2 h → 0.4 h, from looking like a 50% swing.
//
// The sign is then set so that a positive change is an improvement whatever the
// metric's direction (lower lead time, fewer overdue findings). A relative change
// rather than a distance to the model's thresholds keeps metrics without a
// threshold (pipeline duration) comparable too, and reads plainly in the digest.
func normalisedChange(metric string, from, to float64) float64 {
	var c float64
	if labels.IsRatio(metric) {
		c = to - from
	} else {
		c = (to - from) / max(math.Abs(from), math.Abs(to), 1)
	}
	if m, _ := labels.Info(metric); m.LowerIsBetter {
		c = -c
	}
	return c
}

// metricChanges compares every metric with enough samples at both snapshots,
// largest change first.
func metricChanges(slug, name string, prev, cur map[string]scoring.Dimension) []MetricChange {
	var out []MetricChange
	for _, dim := range scoring.Dimensions {
		for _, key := range scoring.MetricKeys(dim) {
			before, okB := usable(prev[dim].Metrics[key], key)
			after, okA := usable(cur[dim].Metrics[key], key)
			if !okB || !okA {
				continue
			}
			c := normalisedChange(key, before, after)
			if math.Abs(c) < minChange {
				continue
			}
			out = append(out, MetricChange{Team: slug, TeamName: name, Dimension: dim, Metric: key,
				Label: labels.MetricLabel(key), From: before, To: after, Change: c})
		}
	}
	slices.SortStableFunc(out, compareChanges)
	return out
}

// usable is a metric's value when it has its minimum sample size: a figure below it
// moves with every single event and would crowd out real change.
func usable(m scoring.Metric, key string) (float64, bool) {
	if m.Value == nil || m.Samples < scoring.MinSamples(key) {
		return 0, false
	}
	return *m.Value, true
}

func compareChanges(a, b MetricChange) int {
	return cmp.Or(
		cmp.Compare(math.Abs(b.Change), math.Abs(a.Change)),
		strings.Compare(strings.ToLower(a.TeamName), strings.ToLower(b.TeamName)),
		cmp.Compare(dimIndex(a.Dimension), dimIndex(b.Dimension)),
		strings.Compare(a.Metric, b.Metric),
	)
}

// topOf sorts changes, largest first, and keeps n.
func topOf(changes []MetricChange, n int) []MetricChange {
	slices.SortStableFunc(changes, compareChanges)
	if len(changes) > n {
		changes = changes[:n]
	}
	return changes
}

// levelMoves lists a scope's overall level and dimension levels that changed,
// between two rated levels.
func levelMoves(s TeamPart) []LevelMove {
	var out []LevelMove
	if s.Level != nil && s.PrevLevel != nil && *s.Level != *s.PrevLevel {
		out = append(out, LevelMove{Team: s.Slug, TeamName: s.Name, Label: "Overall", From: *s.PrevLevel, To: *s.Level})
	}
	for _, dl := range s.Dimensions {
		if dl.Level != nil && dl.PrevLevel != nil && *dl.Level != *dl.PrevLevel {
			out = append(out, LevelMove{Team: s.Slug, TeamName: s.Name, Dimension: dl.Key, Label: dl.Label,
				From: *dl.PrevLevel, To: *dl.Level})
		}
	}
	return out
}

// sortMoves puts rises before falls, the largest first, then by team and
// dimension (the overall level before its dimensions).
func sortMoves(moves []LevelMove) {
	slices.SortStableFunc(moves, func(a, b LevelMove) int {
		if a.Up() != b.Up() {
			if a.Up() {
				return -1
			}
			return 1
		}
		return cmp.Or(
			cmp.Compare(abs(b.To-b.From), abs(a.To-a.From)),
			strings.Compare(strings.ToLower(a.TeamName), strings.ToLower(b.TeamName)),
			cmp.Compare(dimIndex(a.Dimension), dimIndex(b.Dimension)),
		)
	})
}

// nextStep is the first next step of the weakest rated dimension that has one;
// ties go to the dimension weighing most in the score.
func nextStep(dims map[string]scoring.Dimension) *NextStep {
	order := slices.Clone(scoring.Dimensions)
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Or(
			cmp.Compare(levelOr(dims[a].Level, math.MaxInt), levelOr(dims[b].Level, math.MaxInt)),
			cmp.Compare(scoring.DefaultWeights[b], scoring.DefaultWeights[a]),
		)
	})
	for _, dim := range order {
		d := dims[dim]
		if d.Status != scoring.StatusOK || d.Level == nil || len(d.Next) == 0 {
			continue
		}
		n := d.Next[0]
		step := &NextStep{Dimension: dim, Metric: n.Metric, Level: n.Level, Op: n.Op, Threshold: n.Threshold, Value: n.Value}
		for _, r := range n.Repos {
			if len(step.Repos) == 2 {
				break
			}
			step.Repos = append(step.Repos, RepoHint{Repo: sanitize.Display(r.FullName, sanitize.MaxLine), Detail: sanitize.Display(r.Detail, sanitize.MaxLine)})
		}
		return step
	}
	return nil
}

// dimIndex orders the overall level ("") before the dimensions, in model order.
func dimIndex(dim string) int {
	if dim == "" {
		return -1
	}
	return slices.Index(scoring.Dimensions, dim)
}

func levelOr(l *int, def int) int {
	if l == nil {
		return def
	}
	return *l
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
