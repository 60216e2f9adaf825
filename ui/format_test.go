package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
)

// How each unit reads is tested in ui/labels; a gap is the page's own.
func TestFormatGap(t *testing.T) {
	if got := formatGap(scoring.MetricCICoverage, f64(0.125)); got != "12.5 pts" {
		t.Errorf("a ratio gap reads %q, want points", got)
	}
}

func TestLevelsAreSpelledOut(t *testing.T) {
	two := 2
	if got := formatLevel(&two); got != "Level 2 · Practiced" {
		t.Errorf("level 2 = %q", got)
	}
	if got := formatLevel(nil); got != "Insufficient data" {
		t.Errorf("no level = %q", got)
	}
	for r, want := range map[string]string{"met": "✓ met", "unmet": "✗ unmet", "skipped": "– skipped"} {
		if got := resultText(r); got != want {
			t.Errorf("%s = %q", r, got)
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate(5, "abcdef"); got != "abcd…" {
		t.Errorf("got %q", got)
	}
	if got := truncate(5, "héllo"); got != "héllo" {
		t.Errorf("a short string changed: %q", got)
	}
	long := strings.Repeat("ü", 10000)
	if got := truncate(maxDisplay, long); len([]rune(got)) != maxDisplay {
		t.Errorf("truncated to %d runes", len([]rune(got)))
	}
}

func TestURLs(t *testing.T) {
	if got := repoURL("gl", "group/sub group/<p>"); got != "/repos/gl/group/sub%20group/%3Cp%3E" {
		t.Errorf("repoURL = %q", got)
	}
	for in, want := range map[string]string{
		"https://github.example/a":          "https://github.example/a",
		"javascript:alert(1)":               "",
		"data:text/html,x":                  "",
		"//evil.example/x":                  "",
		"https://github.com@evil.example/x": "",
		"https://u:p@github.example/a":      "",
		"HTTPS://github.example/a":          "https://github.example/a",
		"https:github.example/a":            "",
		"vbscript:x":                        "",
	} {
		if got := webURL(in); got != want {
			t.Errorf("webURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTrendsEndAtTheCurrentScorecardAndChangeComparesWith7DaysBefore(t *testing.T) {
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	wed := monday.Add(50 * time.Hour)
	pt := func(at time.Time) point { return point{AsOf: at} }
	// Stored: snapshots, the change baseline (wed − 7 days, between snapshots) and the current scorecard.
	points := []point{pt(monday.AddDate(0, 0, -14)), pt(monday.AddDate(0, 0, -7)), pt(wed.AddDate(0, 0, -7)), pt(monday), pt(wed)}
	if !db.IsSnapshot(monday) || db.IsSnapshot(monday.Add(time.Second)) || db.IsSnapshot(monday.AddDate(0, 0, 1)) {
		t.Error("IsSnapshot is wrong")
	}
	if w := weekly(points, 10); len(w) != 4 || !w[2].AsOf.Equal(monday) || !w[3].AsOf.Equal(wed) {
		t.Errorf("weekly = %v, want the three snapshots then the current scorecard, no baseline", w)
	}
	if w := weekly(points, 2); len(w) != 2 || !w[0].AsOf.Equal(monday) || !w[1].AsOf.Equal(wed) {
		t.Errorf("weekly(2) = %v", w)
	}
	prev, ok := baseline(points)
	if !ok || !prev.AsOf.Equal(wed.AddDate(0, 0, -7)) {
		t.Errorf("the baseline of Wednesday is %v, want the Wednesday 7 days earlier", prev.AsOf)
	}
	if _, ok := baseline(append(points[:2:2], pt(monday), pt(wed))); ok {
		t.Error("without a scorecard at exactly 7 days before there is nothing to compare with (not the snapshot before)")
	}
	if _, ok := baseline(points[:1]); ok {
		t.Error("a single scorecard has nothing to compare with")
	}
}

func TestSparkline(t *testing.T) {
	sp := newSparkline([]*float64{f64(0), f64(50), nil, f64(100), f64(100)}, 0, 100, "score")
	if len(sp.Segments) != 2 {
		t.Fatalf("segments = %v, want a gap at the missing value", sp.Segments)
	}
	if !strings.HasPrefix(sp.Segments[0], "2,26 ") || !strings.HasSuffix(sp.Segments[1], "118,2") {
		t.Errorf("segments = %v: low values at the bottom, high at the top, edge to edge", sp.Segments)
	}
	if sp := newSparkline(nil, 0, 1, ""); len(sp.Segments) != 0 {
		t.Error("no values draw nothing")
	}
}
