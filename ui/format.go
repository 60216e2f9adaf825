package ui

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/paved-dev/paved/ui/labels"
)

// formatGap writes how far a value is from its threshold; ratios in points.
func formatGap(key string, g *float64) string {
	if g == nil {
		return ""
	}
	if labels.IsRatio(key) {
		return labels.TrimFloat(*g*100, 1) + " pts"
	}
	return labels.FormatValue(key, g)
}

func formatLevel(l *int) string {
	if l == nil {
		return "Insufficient data"
	}
	if name, ok := labels.LevelName(*l); ok {
		return fmt.Sprintf("Level %d · %s", *l, name)
	}
	return fmt.Sprintf("Level %d", *l)
}

func shortLevel(l *int) string { return labels.FormatInt(l, "n/a") }

func formatScore(s *int) string { return labels.FormatInt(s, "n/a") }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
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
