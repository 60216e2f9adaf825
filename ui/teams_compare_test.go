package ui

import (
	"testing"

	"github.com/paved-dev/paved/scoring"
)

func TestCompareMarksBestAndWorstByTheDirectionOfGood(t *testing.T) {
	three, one := 3.0, 1.0
	values := []*float64{&three, nil, &one, &three}
	for _, tc := range []struct {
		name              string
		values            []*float64
		lower             bool
		wantBest, wantBad []bool
	}{
		{"higher is better: ties share best, unknown gets nothing", values, false,
			[]bool{true, false, false, true}, []bool{false, false, true, false}},
		{"lower is better turns them round", values, true,
			[]bool{false, false, true, false}, []bool{true, false, false, true}},
		{"equal values mark nobody", []*float64{&one, &one}, false, []bool{false, false}, []bool{false, false}},
		{"a single known value marks nobody", []*float64{&one, nil}, false, []bool{false, false}, []bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cells := make([]compareCell, len(tc.values))
			markExtremes(cells, tc.values, tc.lower)
			for i, c := range cells {
				if c.Best != tc.wantBest[i] || c.Worst != tc.wantBad[i] {
					t.Errorf("cell %d best=%v worst=%v, want %v %v", i, c.Best, c.Worst, tc.wantBest[i], tc.wantBad[i])
				}
			}
		})
	}
}

func TestCompareMedian(t *testing.T) {
	f := func(v float64) string { return formatScore(new(int(v))) }
	for _, tc := range []struct {
		name   string
		values []float64
		want   string
	}{
		{"odd count: the middle value", []float64{40, 10, 30}, "30"},
		{"even count: the mean of the middle two", []float64{10, 20, 30, 60}, "25"},
		{"no values say so", nil, "no data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := medianText(tc.values, f); got != tc.want {
				t.Errorf("median = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCompareShowsInsufficientData: a value on fewer samples than its metric's
// minimum stays in the table, marked, and takes no part in the median or ranking.
func TestCompareShowsInsufficientData(t *testing.T) {
	key, dim := scoring.MetricEscapedPer100PRs, scoring.DimShiftLeft // lower is better, min 10 samples
	team := func(slug string, v float64, n int) teamSummary {
		return teamSummary{teamRef: teamRef{Slug: slug, Name: slug}, Scored: true, Latest: point{Dims: map[string]dimPoint{
			dim: {Metrics: map[string]*float64{key: &v}, Samples: map[string]int{key: n}}}}}
	}
	a, b, c := team("a", 2, 40), team("b", 9, 20), team("c", 0.5, 3)
	r := metricRow(dim, key, []teamSummary{a, b, c}, []teamSummary{a, b, c})
	if r.Direction != "lower is better" {
		t.Errorf("direction %q", r.Direction)
	}
	if r.Median != "5.5 per 100 PRs" { // (2 + 9) / 2: c's 0.5 on 3 samples does not count
		t.Errorf("median %q", r.Median)
	}
	if got := r.Cells[2]; !got.Insufficient || got.Samples != "3 of min 10" || got.Value != "0.5 per 100 PRs" || got.Best || got.Worst {
		t.Errorf("insufficient cell %+v", got)
	}
	if !r.Cells[0].Best || !r.Cells[1].Worst || r.Cells[0].Samples != "40" {
		t.Errorf("cells %+v", r.Cells)
	}
}
