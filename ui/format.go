package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// formatValue writes a metric value in its unit: 82%, 12.5 h, 3 per 100 PRs.
func formatValue(key string, v *float64) string {
	if v == nil {
		return "no data"
	}
	x := *v
	switch metricInfos[key].unit {
	case unitRatio:
		return trimFloat(x*100, 1) + "%"
	case unitHours:
		return trimFloat(x, 1) + " h"
	case unitDays:
		return trimFloat(x, 1) + " d"
	case unitMinutes:
		return trimFloat(x, 1) + " min"
	case unitPerWeek:
		return trimFloat(x, 2) + "/week"
	case unitPer100PRs:
		return trimFloat(x, 1) + " per 100 PRs"
	case unitCount:
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	return trimFloat(x, 2)
}

// formatGap writes how far a value is from its threshold; ratios in points.
func formatGap(key string, g *float64) string {
	if g == nil {
		return ""
	}
	if metricInfos[key].unit == unitRatio {
		return trimFloat(*g*100, 1) + " pts"
	}
	return formatValue(key, g)
}

// trimFloat formats x with at most prec decimals, dropping trailing zeros.
func trimFloat(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func formatLevel(l *int) string {
	if l == nil {
		return "Insufficient data"
	}
	if *l >= 0 && *l < len(levelNames) {
		return fmt.Sprintf("Level %d · %s", *l, levelNames[*l])
	}
	return fmt.Sprintf("Level %d", *l)
}

func shortLevel(l *int) string {
	if l == nil {
		return "n/a"
	}
	return strconv.Itoa(*l)
}

func formatScore(s *int) string {
	if s == nil {
		return "n/a"
	}
	return strconv.Itoa(*s)
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2 Jan 2006")
}

// formatAge writes how long before now t was, roughly: "3 d", "5 h", "just now".
func formatAge(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d d ago", int(d.Hours()/24))
}

// signed writes a change with its sign: +3, −2, ±0.
func signed(n int) string {
	switch {
	case n > 0:
		return fmt.Sprintf("+%d", n)
	case n < 0:
		return fmt.Sprintf("−%d", -n)
	}
	return "±0"
}

// maxDisplay bounds forge-provided names on pages; the full text stays in the
// JSON API.
const maxDisplay = 80

// truncate shortens s to n runes, marking the cut with an ellipsis.
func truncate(n int, s string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
