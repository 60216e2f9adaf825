package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// comparison puts chosen teams side by side: their score trends overlaid, and per
// metric each team's value with its sample size, the organisation's median, the
// best and worst marked and the direction of good.
type comparison struct {
	Teams []teamRow
	Trend chartView
	Rows  []compareRow
	// MedianOver is how many teams the medians are over: the scored configured
	// teams.
	MedianOver int
}

type compareRow struct {
	Label     string
	Group     string // a dimension's label on its first row
	Direction string // "higher is better", "lower is better" or ""
	Median    string // the organisation's median over the scored teams
	Cells     []compareCell
}

type compareCell struct {
	Value   string
	Samples string // "12" or "3 of min 5"; "" for levels and scores
	// Insufficient: fewer samples than the metric's minimum; the value is shown
	// but does not count.
	Insufficient bool
	Best, Worst  bool
}

// compare builds the comparison of the wanted slugs that exist (at most
// maxCompare), and names the ones that do not.
func (s *server) compare(st *state, rows []teamRow, wanted []string) (*comparison, []string, int, error) {
	bySlug := map[string]teamRow{}
	for _, r := range rows {
		bySlug[r.Slug] = r
	}
	var unknown []string
	cmp := &comparison{}
	dropped := 0
	for _, slug := range wanted {
		r, ok := bySlug[slug]
		switch {
		case !ok:
			unknown = append(unknown, truncate(maxDisplay, slug))
		case len(cmp.Teams) == maxCompare:
			dropped++
		default:
			cmp.Teams = append(cmp.Teams, r)
		}
	}
	if len(cmp.Teams) == 0 {
		return nil, unknown, dropped, nil
	}
	sums, err := st.summaries(s)
	if err != nil {
		return nil, nil, 0, err
	}
	bySum := map[string]teamSummary{}
	var teams []teamSummary // the configured, scored teams the medians are over
	for _, t := range sums {
		bySum[t.Slug] = t
		if t.Scored && t.Slug != scoring.UnassignedSlug {
			teams = append(teams, t)
		}
	}
	var compared []teamSummary
	for _, t := range cmp.Teams {
		compared = append(compared, bySum[t.Slug])
	}
	cmp.Trend, cmp.MedianOver = scoreTrends(compared), len(teams)
	cmp.Rows = append(cmp.Rows, levelRow("Level", "Overall", compared, teams, func(p point) *int { return p.Level }))
	cmp.Rows = append(cmp.Rows, levelRow("Score", "", compared, teams, func(p point) *int { return p.Score }))
	for _, d := range scoring.Dimensions {
		cmp.Rows = append(cmp.Rows, levelRow("Level", labels.Dimension(d), compared, teams, func(p point) *int { return p.dimLevel(d) }))
		for _, k := range scoring.MetricKeys(d) {
			cmp.Rows = append(cmp.Rows, metricRow(d, k, compared, teams))
		}
	}
	return cmp, unknown, dropped, nil
}

// levelRow compares a level or score; higher is better.
func levelRow(label, group string, compared, teams []teamSummary, of func(point) *int) compareRow {
	r := compareRow{Label: label, Group: group, Direction: "higher is better"}
	var all []float64
	for _, t := range teams {
		if v := of(t.Latest); v != nil {
			all = append(all, float64(*v))
		}
	}
	r.Median = medianText(all, func(v float64) string { return labels.TrimFloat(v, 1) })
	values := make([]*float64, len(compared))
	for i, t := range compared {
		v := of(t.Latest)
		values[i] = intValue(v)
		text := formatScore(v)
		if label == "Level" {
			text = formatLevel(v)
		}
		r.Cells = append(r.Cells, compareCell{Value: text})
	}
	markExtremes(r.Cells, values, false)
	return r
}

// metricRow compares one metric: a value with fewer samples than the metric's
// minimum is marked insufficient and takes no part in the median, best or worst.
func metricRow(dim, key string, compared, teams []teamSummary) compareRow {
	info, _ := labels.Info(key)
	r := compareRow{Label: labels.MetricLabel(key), Direction: "higher is better"}
	if info.LowerIsBetter {
		r.Direction = "lower is better"
	}
	least := scoring.MinSamples(key)
	usable := func(p point) *float64 {
		if v := p.metric(dim, key); v != nil && p.samples(dim, key) >= least {
			return v
		}
		return nil
	}
	var all []float64
	for _, t := range teams {
		if v := usable(t.Latest); v != nil {
			all = append(all, *v)
		}
	}
	r.Median = medianText(all, func(v float64) string { return labels.FormatValue(key, &v) })
	values := make([]*float64, len(compared))
	for i, t := range compared {
		n := t.Latest.samples(dim, key)
		c := compareCell{Value: labels.FormatValue(key, t.Latest.metric(dim, key)), Samples: strconv.Itoa(n)}
		if least > 0 && n < least {
			c.Insufficient = true
			c.Samples = strconv.Itoa(n) + " of min " + strconv.Itoa(least)
		}
		values[i] = usable(t.Latest)
		r.Cells = append(r.Cells, c)
	}
	markExtremes(r.Cells, values, info.LowerIsBetter)
	return r
}

// markExtremes marks the best and the worst of two or more known values that
// differ; ties share the mark.
func markExtremes(cells []compareCell, values []*float64, lowerIsBetter bool) {
	var known []float64
	for _, v := range values {
		if v != nil {
			known = append(known, *v)
		}
	}
	if len(known) < 2 {
		return
	}
	lo, hi := slices.Min(known), slices.Max(known)
	if lo == hi {
		return
	}
	best, worst := hi, lo
	if lowerIsBetter {
		best, worst = lo, hi
	}
	for i, v := range values {
		if v != nil {
			cells[i].Best, cells[i].Worst = *v == best, *v == worst
		}
	}
}

// medianText writes the median of values, or says there is none.
func medianText(values []float64, format func(float64) string) string {
	if len(values) == 0 {
		return "no data"
	}
	s := slices.Sorted(slices.Values(values))
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return format(m)
}

// scoreTrends overlays the compared teams' score trends, week by week.
func scoreTrends(teams []teamSummary) chartView {
	var weeks []time.Time
	seen := map[time.Time]bool{}
	perTeam := make([]map[time.Time]*float64, len(teams))
	for i, t := range teams {
		perTeam[i] = map[time.Time]*float64{}
		for _, p := range weekly(t.Weekly, defaultWeeks) {
			at := p.AsOf.UTC()
			perTeam[i][at] = intValue(p.Score)
			if !seen[at] {
				seen[at] = true
				weeks = append(weeks, at)
			}
		}
	}
	slices.SortFunc(weeks, time.Time.Compare)
	data := chartData{Kind: "line", Unit: "score", YTitle: "Score (0–100)", Min: f64(0), Max: f64(100)}
	for _, w := range weeks {
		data.Labels = append(data.Labels, formatDate(w))
	}
	names := make([]string, len(teams))
	for i, t := range teams {
		names[i] = truncate(40, t.Name)
		s := chartSeries{Label: names[i]}
		for _, w := range weeks {
			s.Values = append(s.Values, perTeam[i][w])
		}
		data.Series = append(data.Series, s)
	}
	return newChart("chart-compare", "Score trends", "Line chart of the weekly score of "+strings.Join(names, ", ")+
		" over the last "+strconv.Itoa(len(weeks))+" weeks", data)
}
