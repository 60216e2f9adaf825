package digest

import "github.com/paved-dev/paved/db"

// trendsStartLater words a digest that leaves out the weeks before trends
// start (Digest.TrendsFrom), as the pages do: it says where trends start and
// why, titles the trend from there, and, when the scorecard 7 days before the
// as_of is one of those left out, says the week's changes are not known yet
// rather than that nothing changed.
func (v *view) trendsStartLater() {
	v.History = "History is still being read: trends start on " + instantText(v.TrendsFrom) +
		", the first instant whose whole 90-day window is stored; earlier weeks are left out rather than scored from part of their window."
	v.TrendTitle = "Trend since " + v.TrendsFrom.UTC().Format("2 January 2006")
	if v.AsOf.IsZero() || v.Compared != "" || !db.BaselineOf(v.AsOf).Before(v.TrendsFrom) {
		return
	}
	v.uncompared = true
	unknown := "Not known yet: history does not reach back to 7 days before the as_of."
	v.NoMoves, v.NoImprovements, v.NoRegressions = unknown, unknown, unknown
}
