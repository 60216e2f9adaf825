package ui

import (
	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// comparison puts chosen teams side by side: a radar of dimension levels and
// the numbers behind it.
type comparison struct {
	Teams []teamRow
	Radar chartView
	Rows  []compareRow
}

type compareRow struct {
	Label  string
	Group  string // a dimension's label on its first row
	Values []string
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
	latest := map[string]point{}
	for _, t := range sums {
		latest[t.Slug] = t.Latest
	}

	data := chartData{Kind: "radar", Unit: "level", Min: f64(0), Max: f64(4)}
	for _, d := range scoring.Dimensions {
		data.Labels = append(data.Labels, labels.Dimension(d))
	}
	names := ""
	for i, t := range cmp.Teams {
		ser := chartSeries{Label: truncate(40, t.Name)}
		for _, d := range t.Dims {
			ser.Values = append(ser.Values, intValue(d.Level))
		}
		data.Series = append(data.Series, ser)
		if i > 0 {
			names += ", "
		}
		names += truncate(40, t.Name)
	}
	cmp.Radar = newChart("chart-compare", "Levels side by side", "Radar chart of the level in each dimension for "+names, data)

	row := func(label, group string, f func(t teamRow) string) {
		r := compareRow{Label: label, Group: group}
		for _, t := range cmp.Teams {
			r.Values = append(r.Values, f(t))
		}
		cmp.Rows = append(cmp.Rows, r)
	}
	row("Level", "Overall", func(t teamRow) string { return formatLevel(t.Level) })
	row("Score", "", func(t teamRow) string { return formatScore(t.Score) })
	for _, d := range scoring.Dimensions {
		row("Level", labels.Dimension(d), func(t teamRow) string { return formatLevel(latest[t.Slug].dimLevel(d)) })
		for _, k := range scoring.MetricKeys(d) {
			row(labels.MetricLabel(k), "", func(t teamRow) string { return labels.FormatValue(k, latest[t.Slug].metric(d, k)) })
		}
	}
	return cmp, unknown, dropped, nil
}
