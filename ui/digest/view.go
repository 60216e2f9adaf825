package digest

import (
	"fmt"
	"strconv"
	"time"

	"github.com/paved-dev/paved/ui/labels"
)

// view is what the HTML and text templates read: the digest plus the sentences
// and figures both formats share.
type view struct {
	*Digest
	Title     string
	Preheader string
	Focus     Scope // the organisation, or the team of a team's part
	Team      *TeamPart
	Snapshot  string // the as_of: "Monday 2 March 2026", with ", 15:04 UTC" when not midnight
	Compared  string // the baseline, as_of − 7 days: "23 February 2026"; "" when there is none
	Headline  string // what the digest reports and what it compares with (headline)
	// The change lists' sentences when they are empty: "No level changed since
	// 23 February 2026."
	NoMoves, NoImprovements, NoRegressions string
	// History says, while history is still being read, where trends start
	// when that leaves weeks out (trends_start.go); "" otherwise.
	History    string
	TrendTitle string // "Trend over 12 weeks", or "Trend since 20 January 2026" when weeks are left out
	// uncompared: the scorecard 7 days before the as_of is before trends start.
	uncompared bool
	Score      *Image
	Levels     *Image
	Legend     []legendItem
}

type legendItem struct {
	Label string
	Color string
}

func newView(d *Digest, images []Image) view {
	v := view{Digest: d, Title: d.Title(), Focus: d.Focus(), Team: d.audienceTeam()}
	v.Focus.Name = truncate(v.Focus.Name, 120)
	if !d.AsOf.IsZero() {
		v.Snapshot = instantText(d.AsOf)
	}
	since := "in the 7 days to the as_of"
	if !d.PrevAsOf.IsZero() {
		v.Compared = d.PrevAsOf.UTC().Format("2 January 2006")
		since = "since " + v.Compared
	}
	v.NoMoves = "No level changed " + since + "."
	v.NoImprovements = "No metric improved noticeably " + since + "."
	v.NoRegressions = "No metric got noticeably worse " + since + "."
	v.TrendTitle = fmt.Sprintf("Trend over %d weeks", trendWeeks)
	if !d.TrendsFrom.IsZero() {
		v.trendsStartLater()
	}
	v.Headline = headline(v)
	for i := range images {
		switch images[i].ContentID {
		case "score-trend@paved":
			v.Score = &images[i]
		case "level-trend@paved":
			v.Levels = &images[i]
		}
	}
	for _, dl := range v.Focus.Dimensions {
		if charted(d.Trend, dl.Key) {
			v.Legend = append(v.Legend, legendItem{Label: dl.Label, Color: dimensionColors[dl.Key]})
		}
	}
	v.Preheader = preheader(v)
	return v
}

// instantText writes an as_of: the day, and the time of day unless it is midnight
// (a weekly snapshot).
func instantText(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("Monday 2 January 2006")
	}
	return t.Format("Monday 2 January 2006, 15:04 UTC")
}

// headline says what the digest reports and what its changes compare with.
func headline(v view) string {
	switch {
	case v.Snapshot == "" && v.History != "":
		return "There is no scorecard for " + v.Week.String() + " with its whole 90-day window: history is still being read."
	case v.Snapshot == "":
		return "There is no scorecard yet for " + v.Week.String() + ": run a collection, then the digest again."
	case v.uncompared:
		return "As of " + v.Snapshot + "; nothing is compared with 7 days earlier: history does not reach back that far yet."
	case v.Compared == "":
		return "As of " + v.Snapshot + "; no scorecard 7 days earlier to compare with."
	}
	return "As of " + v.Snapshot + "; changes are since " + v.Compared + " (7 days earlier)."
}

// preheader is the line mail clients show beside the subject.
func preheader(v view) string {
	f := v.Focus
	if !f.HasData {
		return "No scorecard yet for " + v.Week.String() + "."
	}
	s := fmt.Sprintf("%s: level %s, score %s", truncate(f.Name, 60), levelNumber(f.Level), scoreNumber(f.Score))
	if d := deltaText(f.Score, f.PrevScore); d != "" {
		s += " (" + d + ")"
	}
	if n := f.Overdue.Total(); n > 0 {
		s += fmt.Sprintf("; %d overdue critical/high %s", n, plural(n, "finding", "findings"))
	}
	return s + "."
}

func levelNumber(l *int) string { return labels.FormatInt(l, "–") }

func scoreNumber(s *int) string { return labels.FormatInt(s, "–") }

// direction is "up", "down" or "same" between two values, "" when either is missing.
func direction(cur, prev *int) string {
	switch {
	case cur == nil || prev == nil:
		return ""
	case *cur > *prev:
		return "up"
	case *cur < *prev:
		return "down"
	}
	return "same"
}

// deltaText is "+3", "−2", "no change" or "" when either value is missing.
func deltaText(cur, prev *int) string {
	switch direction(cur, prev) {
	case "up":
		return "+" + strconv.Itoa(*cur-*prev)
	case "down":
		return "−" + strconv.Itoa(*prev-*cur)
	case "same":
		return "no change"
	}
	return ""
}

// changeText writes a metric change: "60% → 75% (+15 pts)", "20 h → 10 h".
func changeText(c MetricChange) string {
	s := labels.FormatValue(c.Metric, &c.From) + " → " + labels.FormatValue(c.Metric, &c.To)
	if labels.IsRatio(c.Metric) {
		pts := (c.To - c.From) * 100
		sign := "+"
		if pts < 0 {
			sign, pts = "−", -pts
		}
		s += " (" + sign + labels.TrimFloat(pts, 1) + " pts)"
	}
	return s
}

// nextText writes a next step: "Full scan coverage is 50%; level 3 needs ≥ 80%."
func nextText(n *NextStep) string {
	if n == nil {
		return ""
	}
	now := "has no data yet"
	if n.Value != nil {
		now = "is " + labels.FormatValue(n.Metric, n.Value)
	}
	t := n.Threshold
	return fmt.Sprintf("%s %s; level %d needs %s %s.", labels.MetricLabel(n.Metric), now, n.Level, labels.OpSymbol(n.Op), labels.FormatValue(n.Metric, &t))
}

func overdueText(o Overdue) string {
	if o.Total() == 0 {
		return "No critical or high finding is past due."
	}
	return fmt.Sprintf("%d %s past due: %d critical, %d high.", o.Total(), plural(o.Total(), "finding", "findings"), o.Critical, o.High)
}

func daysText(n int) string {
	if n <= 0 {
		return "due today"
	}
	return fmt.Sprintf("%d %s overdue", n, plural(n, "day", "days"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func levelLabel(l *int) string {
	if l == nil {
		return "Not rated"
	}
	return strconv.Itoa(*l) + " · " + levelName(l)
}

// levelName names a level: "Measured" for 3, "not rated" for nil.
func levelName(l *int) string {
	if l == nil {
		return "not rated"
	}
	if name, ok := labels.LevelName(*l); ok {
		return name
	}
	return strconv.Itoa(*l)
}
