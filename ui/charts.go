package ui

import (
	"strconv"

	"github.com/paved-dev/paved/ui/labels"
)

// chartView is a Chart.js chart with its accessible fallbacks: an aria-label
// and the same numbers as a table that works with JavaScript off.
type chartView struct {
	ID    string // id of the JSON block the canvas reads
	Title string
	Desc  string
	Data  chartData
	Table chartTable
}

// chartData is the JSON a page embeds in <script type="application/json">;
// static/app.js turns it into a chart.
type chartData struct {
	Kind   string        `json:"kind"` // line
	Unit   string        `json:"unit"` // percent, level, score, count, number
	Labels []string      `json:"labels"`
	Series []chartSeries `json:"series"`
	YTitle string        `json:"y_title"` // the y axis's name with its unit
	Min    *float64      `json:"min,omitempty"`
	Max    *float64      `json:"max,omitempty"`
}

type chartSeries struct {
	Label  string     `json:"label"`
	Values []*float64 `json:"values"`
}

type chartTable struct {
	Corner string
	Head   []string
	Rows   []chartRow
}

type chartRow struct {
	Label string
	Cells []string
}

func f64(v float64) *float64 { return &v }

func intValue(p *int) *float64 {
	if p == nil {
		return nil
	}
	return f64(float64(*p))
}

// newChart fills the fallback table from the data.
func newChart(id, title, desc string, data chartData) chartView {
	cv := chartView{ID: id, Title: title, Desc: desc, Data: data}
	cv.Table.Corner = "Week"
	for _, s := range data.Series {
		cv.Table.Head = append(cv.Table.Head, s.Label)
	}
	for i, l := range data.Labels {
		row := chartRow{Label: l}
		for _, s := range data.Series {
			var v *float64
			if i < len(s.Values) {
				v = s.Values[i]
			}
			row.Cells = append(row.Cells, chartCell(data.Unit, v))
		}
		cv.Table.Rows = append(cv.Table.Rows, row)
	}
	return cv
}

func chartCell(unit string, v *float64) string {
	if v == nil {
		return "no data"
	}
	switch unit {
	case "percent":
		return labels.TrimFloat(*v, 1) + "%"
	case "level", "score", "count":
		return labels.TrimFloat(*v, 0)
	}
	return labels.TrimFloat(*v, 2)
}

// weekLabels labels points by their date.
func weekLabels(points []point) []string {
	out := make([]string, len(points))
	for i, p := range points {
		out[i] = formatDate(p.AsOf)
	}
	return out
}

// scoreChart is the score and the overall level over the weeks.
func scoreChart(id, who string, points []point) chartView {
	score := chartSeries{Label: "Score (0–100)"}
	for _, p := range points {
		score.Values = append(score.Values, intValue(p.Score))
	}
	return newChart(id, "Score", "Line chart of "+who+"'s score over the last "+strconv.Itoa(len(points))+" weeks",
		chartData{Kind: "line", Unit: "score", YTitle: "Score (0–100)", Labels: weekLabels(points), Series: []chartSeries{score}, Min: f64(0), Max: f64(100)})
}

// metricsChart plots some metrics of one unit over the weeks; ratios as percentages.
func metricsChart(id, title, desc string, points []point, metrics []struct{ dim, metric string }) chartView {
	unitName := "number"
	var series []chartSeries
	var yTitle string
	for _, m := range metrics {
		if info, ok := labels.Info(m.metric); ok && yTitle == "" {
			yTitle = labels.AxisTitle(info.Unit)
		}
		ratio := labels.IsRatio(m.metric)
		if ratio {
			unitName = "percent"
		} else if info, _ := labels.Info(m.metric); info.Unit == labels.Count {
			unitName = "count"
		}
		s := chartSeries{Label: labels.MetricLabel(m.metric)}
		for _, p := range points {
			v := p.metric(m.dim, m.metric)
			if v != nil && ratio {
				v = f64(*v * 100)
			}
			s.Values = append(s.Values, v)
		}
		series = append(series, s)
	}
	data := chartData{Kind: "line", Unit: unitName, YTitle: yTitle, Labels: weekLabels(points), Series: series, Min: f64(0)}
	if unitName == "percent" {
		data.Max = f64(100)
	}
	return newChart(id, title, desc, data)
}
