package digest

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// Image is a PNG the HTML email shows inline, referenced as "cid:" + ContentID.
type Image struct {
	ContentID string // e.g. score-trend@paved
	Filename  string
	Alt       string
	Data      []byte // PNG
}

// Charts are drawn at twice the size they are shown, so they stay sharp on
// high-density screens.
const (
	chartWidth  = 600
	chartHeight = 200
	chartScale  = 2
)

// Colours of the dimensions, in the charts and in the legend beside them.
var dimensionColors = map[string]string{
	scoring.DimAutomation:  "#2563eb",
	scoring.DimShiftLeft:   "#7c3aed",
	scoring.DimRemediation: "#dc2626",
	scoring.DimReview:      "#059669",
	scoring.DimDelivery:    "#d97706",
}

const (
	scoreColor = "#1d4ed8"
	gridColor  = "#e5e7eb"
	axisColor  = "#6b7280"
)

// scoreChart draws the score over the trend's weeks; ok is false with fewer than
// two scored weeks, when there is no line to draw.
func scoreChart(trend []TrendPoint) (png []byte, ok bool, err error) {
	var xs []time.Time
	var ys []float64
	for _, p := range trend {
		if p.Score != nil {
			xs, ys = append(xs, p.AsOf), append(ys, float64(*p.Score))
		}
	}
	if len(xs) < 2 {
		return nil, false, nil
	}
	c := baseChart(trend, []float64{0, 25, 50, 75, 100}, 100)
	color := drawing.ColorFromHex(scoreColor[1:])
	c.Series = []chart.Series{chart.TimeSeries{
		XValues: xs, YValues: ys,
		Style: chart.Style{StrokeColor: color, StrokeWidth: 3 * chartScale, DotColor: color, DotWidth: 3 * chartScale,
			FillColor: color.WithAlpha(24)},
	}}
	png, err = render(c)
	return png, err == nil, err
}

// charted tells whether levelsChart draws a dimension: it needs two rated weeks.
func charted(trend []TrendPoint, dim string) bool {
	n := 0
	for _, p := range trend {
		if p.Dimensions[dim] != nil {
			n++
		}
	}
	return n >= 2
}

// levelsChart draws each dimension's level over the trend's weeks. Lines at the
// same level are nudged apart so that none hides another.
func levelsChart(trend []TrendPoint) (png []byte, ok bool, err error) {
	if !slices.ContainsFunc(scoring.Dimensions, func(dim string) bool { return charted(trend, dim) }) {
		return nil, false, nil
	}
	c := baseChart(trend, []float64{0, 1, 2, 3, 4}, 4)
	for i, dim := range scoring.Dimensions {
		if !charted(trend, dim) {
			continue
		}
		var xs []time.Time
		var ys []float64
		nudge := float64(i-2) * 0.09
		for _, p := range trend {
			if l := p.Dimensions[dim]; l != nil {
				xs, ys = append(xs, p.AsOf), append(ys, float64(*l)+nudge)
			}
		}
		color := drawing.ColorFromHex(dimensionColors[dim][1:])
		c.Series = append(c.Series, chart.TimeSeries{
			Name: labels.Dimension(dim), XValues: xs, YValues: ys,
			Style: chart.Style{StrokeColor: color, StrokeWidth: 2 * chartScale, DotColor: color, DotWidth: 2.5 * chartScale},
		})
	}
	png, err = render(c)
	return png, err == nil, err
}

// baseChart is the frame both charts share. go-chart takes an axis's range from its
// ticks when there are any, so unlabelled ticks at the edges make the margins
// that keep dots clear of the frame.
func baseChart(trend []TrendPoint, yTicks []float64, yMax float64) chart.Chart {
	first, last := trend[0].AsOf, trend[len(trend)-1].AsOf
	xTicks := []chart.Tick{{Value: chart.TimeToFloat64(last.AddDate(0, 0, 2))}}
	step := max(1, (len(trend)+5)/6) // at most about six dates fit under a chart
	for i := len(trend) - 1; i >= 0; i -= step {
		xTicks = append(xTicks, chart.Tick{Value: chart.TimeToFloat64(trend[i].AsOf), Label: trend[i].AsOf.Format("2 Jan")})
	}
	xTicks = append(xTicks, chart.Tick{Value: chart.TimeToFloat64(first.AddDate(0, 0, -2))})
	slices.Reverse(xTicks)

	pad := 0.06 * yMax
	yAxisTicks := []chart.Tick{{Value: -pad}}
	var grid []chart.GridLine
	gridStyle := chart.Style{StrokeColor: drawing.ColorFromHex(gridColor[1:]), StrokeWidth: chartScale}
	for _, v := range yTicks {
		yAxisTicks = append(yAxisTicks, chart.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		grid = append(grid, chart.GridLine{Value: v, Style: gridStyle})
	}
	yAxisTicks = append(yAxisTicks, chart.Tick{Value: yMax + pad})

	text := chart.Style{FontSize: 8, FontColor: drawing.ColorFromHex(axisColor[1:]), StrokeColor: drawing.ColorFromHex(gridColor[1:])}
	return chart.Chart{
		Width: chartWidth * chartScale, Height: chartHeight * chartScale, DPI: chart.DefaultDPI * chartScale,
		Background: chart.Style{Padding: chart.Box{Top: 12 * chartScale, Left: 8 * chartScale, Right: 8 * chartScale, Bottom: 8 * chartScale}},
		XAxis:      chart.XAxis{Style: text, Ticks: xTicks, GridMajorStyle: chart.Hidden(), GridMinorStyle: chart.Hidden()},
		YAxis: chart.YAxis{Style: text, Ticks: yAxisTicks, GridLines: grid, GridMajorStyle: gridStyle,
			Zero: chart.GridLine{Style: chart.Hidden()}},
	}
}

func render(c chart.Chart) ([]byte, error) {
	var buf bytes.Buffer
	if err := c.Render(chart.PNG, &buf); err != nil {
		return nil, fmt.Errorf("draw chart: %w", err)
	}
	return buf.Bytes(), nil
}
