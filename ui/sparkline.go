package ui

import (
	"strings"

	"github.com/paved-dev/paved/ui/labels"
)

// sparkline is a small inline SVG line drawn on the server, so trends show with
// JavaScript off.
type sparkline struct {
	Segments []string // polyline points; a gap in the data starts a new segment
	Label    string   // what a screen reader hears
	Width    int
	Height   int
}

const (
	sparkWidth  = 120
	sparkHeight = 28
	sparkPad    = 2
)

// newSparkline scales values into [lo, hi]; nil values leave gaps.
func newSparkline(values []*float64, lo, hi float64, label string) sparkline {
	sp := sparkline{Label: label, Width: sparkWidth, Height: sparkHeight}
	if hi <= lo {
		hi = lo + 1
	}
	n := len(values)
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			sp.Segments = append(sp.Segments, strings.Join(seg, " "))
		}
		seg = seg[:0]
	}
	for i, v := range values {
		if v == nil {
			flush()
			continue
		}
		x := float64(sparkPad)
		if n > 1 {
			x += float64(i) * float64(sparkWidth-2*sparkPad) / float64(n-1)
		}
		frac := (min(max(*v, lo), hi) - lo) / (hi - lo)
		y := float64(sparkPad) + (1-frac)*float64(sparkHeight-2*sparkPad)
		seg = append(seg, labels.TrimFloat(x, 1)+","+labels.TrimFloat(y, 1))
	}
	flush()
	return sp
}
