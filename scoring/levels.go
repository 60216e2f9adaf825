package scoring

import (
	"fmt"
	"math"
)

// evalDimension applies a dimension's criteria to the pooled metrics: each
// criterion is met, unmet or skipped, and the level is the highest L whose
// criteria, and those of every level below, are all met or skipped.
func evalDimension(dim string, criteria []criterionDef, all map[string]Metric) Dimension {
	d := dimensionDefs[dim]
	out := Dimension{
		Status:   StatusOK,
		Metrics:  make(map[string]Metric, len(d.metrics)),
		Criteria: make([]Criterion, 0, len(criteria)),
		Next:     []NextStep{},
	}
	for _, k := range d.metrics {
		out.Metrics[k] = all[k]
	}
	anchor, anchorMin := all[d.anchor], metricDefs[d.anchor].min
	insufficient := anchor.Value == nil || anchor.Samples < anchorMin
	// Open risk is never hidden: with the risk metric above 0, a small anchor is
	// evaluated on the samples it has.
	forced := false
	if r := all[d.openRisk.metric]; insufficient && d.openRisk.metric != "" && anchor.Value != nil &&
		r.Value != nil && *r.Value > 0 {
		insufficient, forced = false, true
	}
	if insufficient {
		out.Status = StatusInsufficient
	}
	for _, c := range criteria {
		m, min := all[c.metric], metricDefs[c.metric].min
		cr := Criterion{
			Level: c.level, Metric: c.metric, Op: c.op, Threshold: c.threshold,
			Value: m.Value, Samples: m.Samples, Min: min,
		}
		if forced && c.metric == d.anchor && m.Samples < min {
			cr.Reason = fmt.Sprintf(d.openRisk.note, m.Samples)
			min = 0 // evaluated, not skipped
		}
		switch {
		case m.Value == nil || m.Samples < min:
			cr.Result = ResultSkipped
			cr.Reason = fmt.Sprintf("not enough data (%d of %d)", m.Samples, min)
		case insufficient:
			cr.Result = ResultSkipped
			cr.Reason = fmt.Sprintf("insufficient data: %s has %d of %d", d.anchor, anchor.Samples, anchorMin)
		case holds(c.op, *m.Value, c.threshold):
			cr.Result = ResultMet
		default:
			cr.Result = ResultUnmet
		}
		out.Criteria = append(out.Criteria, cr)
	}
	if !insufficient {
		level := levelOf(out.Criteria)
		out.Level = &level
	}
	return out
}

// levelOf is the highest level reached, all lower levels included.
func levelOf(criteria []Criterion) int {
	level := 0
	for l := 1; l <= 4; l++ {
		for _, c := range criteria {
			if c.Level == l && c.Result == ResultUnmet {
				return level
			}
		}
		level = l
	}
	return level
}

func holds(op string, v, threshold float64) bool {
	switch op {
	case OpAtLeast:
		return v >= threshold
	case OpAtMost:
		return v <= threshold
	case OpAbove:
		return v > threshold
	case OpEqual:
		return v == threshold
	}
	return false
}

// gap is the distance from value to threshold in the metric's unit.
func gap(op string, v, threshold float64) float64 {
	switch op {
	case OpAtMost:
		return v - threshold
	case OpEqual:
		return math.Abs(v - threshold)
	}
	return threshold - v
}

// overall: the weakest of automation, shift_left and remediation (review and
// delivery do not cap it), and the weighted score over sufficient dimensions.
func overall(dims map[string]Dimension, cfg Config) (level, score *int) {
	for _, k := range []string{DimAutomation, DimShiftLeft, DimRemediation} {
		if l := dims[k].Level; l != nil && (level == nil || *l < *level) {
			v := *l
			level = &v
		}
	}
	var sum, weights float64
	for _, k := range Dimensions {
		if l := dims[k].Level; l != nil {
			w := cfg.weight(k)
			sum += w * float64(*l) / 4 * 100
			weights += w
		}
	}
	if weights > 0 {
		s := int(math.Round(sum / weights))
		score = &s
	}
	return level, score
}
