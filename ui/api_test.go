package ui

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/scoring"
)

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hasKeys fails unless m has every wanted key and no key outside wanted+optional.
func hasKeys(t *testing.T, what string, m map[string]any, wanted []string, optional ...string) {
	t.Helper()
	for _, k := range wanted {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: key %q missing (has %v)", what, k, keysOf(m))
		}
	}
	for k := range m {
		if !slices.Contains(wanted, k) && !slices.Contains(optional, k) {
			t.Errorf("%s: unexpected key %q", what, k)
		}
	}
}

func decodeObject(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("decode %.200s: %v", body, err)
	}
	return m
}

func TestScorecardEndpoints(t *testing.T) {
	app, d := smallApp(t)
	for _, tc := range []struct{ name, path, scope string }{
		{"the organisation's scorecard is served as stored", "/api/v1/org", "org"},
		{"a team's scorecard is served as stored", "/api/v1/teams/payments", "payments"},
		{"the unassigned repos' scorecard is served as stored", "/api/v1/teams/unassigned", "unassigned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, app, tc.path)
			if r.status != 200 || !strings.HasPrefix(r.header("Content-Type"), "application/json") {
				t.Fatalf("status %d, type %q: %.300s", r.status, r.header("Content-Type"), r.body)
			}
			stored, err := d.LatestScorecard(context.Background(), tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			if r.body != string(stored.Body) {
				t.Errorf("body differs from the stored scorecard")
			}
			m := decodeObject(t, r.body)
			hasKeys(t, "scorecard", m, []string{"team", "as_of", "level", "score", "dimensions", "repos"}, "flags")
			hasKeys(t, "team", m["team"].(map[string]any), []string{"slug", "name"})
			if m["team"].(map[string]any)["slug"] != tc.scope {
				t.Errorf("team.slug = %v, want %s", m["team"], tc.scope)
			}
			if at, err := time.Parse(time.RFC3339, m["as_of"].(string)); err != nil || !at.Equal(seedNow) {
				t.Errorf("as_of = %v (%v), want %s", m["as_of"], err, seedNow.Format(time.RFC3339))
			}
			dims := m["dimensions"].(map[string]any)
			hasKeys(t, "dimensions", dims, scoring.Dimensions)
			for name, raw := range dims {
				dim := raw.(map[string]any)
				hasKeys(t, name, dim, []string{"level", "status", "metrics", "criteria", "next"})
				for k, mv := range dim["metrics"].(map[string]any) {
					hasKeys(t, name+"."+k, mv.(map[string]any), []string{"value", "samples"})
				}
				for _, c := range dim["criteria"].([]any) {
					hasKeys(t, name+" criterion", c.(map[string]any),
						[]string{"level", "metric", "op", "threshold", "value", "samples", "result"}, "min", "reason")
				}
			}
		})
	}
}

func TestTeamsEndpoint(t *testing.T) {
	app, d := smallApp(t)
	r := get(t, app, "/api/v1/teams")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	m := decodeObject(t, r.body)
	hasKeys(t, "teams response", m, []string{"as_of", "teams"})
	var got struct {
		AsOf  time.Time `json:"as_of"`
		Teams []struct {
			Slug, Name string
			Level      *int
			Score      *int
			Dimensions map[string]*int
		} `json:"teams"`
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if !got.AsOf.Equal(seedNow) {
		t.Errorf("as_of = %s, want %s", got.AsOf, seedNow)
	}
	var slugs []string
	for i, tm := range got.Teams {
		hasKeys(t, "team line", m["teams"].([]any)[i].(map[string]any), []string{"slug", "name", "as_of", "level", "score", "dimensions", "change"})
		slugs = append(slugs, tm.Slug)
		stored, err := d.LatestScorecard(context.Background(), tm.Slug)
		if err != nil {
			t.Fatalf("%s: %v", tm.Slug, err)
		}
		var sc scoring.Scorecard
		if err := json.Unmarshal(stored.Body, &sc); err != nil {
			t.Fatal(err)
		}
		if !sameInt(tm.Level, sc.Level) || !sameInt(tm.Score, sc.Score) {
			t.Errorf("%s: level %v score %v, scorecard says %v %v", tm.Slug, deref(tm.Level), deref(tm.Score), deref(sc.Level), deref(sc.Score))
		}
		for _, dim := range scoring.Dimensions {
			if v, ok := tm.Dimensions[dim]; !ok || !sameInt(v, sc.Dimensions[dim].Level) {
				t.Errorf("%s: dimension %s = %v, scorecard says %v", tm.Slug, dim, tm.Dimensions[dim], sc.Dimensions[dim].Level)
			}
		}
	}
	slices.Sort(slugs)
	want := []string{"identity", "obrien-core", "payments", "search", "unassigned"}
	if !slices.Equal(slugs, want) {
		t.Errorf("teams = %v, want every configured team plus unassigned: %v", slugs, want)
	}
	for _, tm := range got.Teams {
		if tm.Slug == "obrien-core" && tm.Name != quotedTeam {
			t.Errorf("name = %q, want %q", tm.Name, quotedTeam)
		}
	}
}

func sameInt(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func TestTrendEndpoint(t *testing.T) {
	app, _ := smallApp(t)
	type week struct {
		AsOf       time.Time           `json:"as_of"`
		Level      *int                `json:"level"`
		Score      *int                `json:"score"`
		Dimensions map[string]*int     `json:"dimensions"`
		Metrics    map[string]*float64 `json:"metrics"`
	}
	trend := func(t *testing.T, path string) []week {
		r := get(t, app, path)
		if r.status != 200 {
			t.Fatalf("%s: status %d: %s", path, r.status, r.body)
		}
		m := decodeObject(t, r.body)
		hasKeys(t, "trend", m, []string{"as_of", "weeks"})
		for _, w := range m["weeks"].([]any) {
			hasKeys(t, "week", w.(map[string]any), []string{"as_of", "level", "score", "dimensions", "metrics"})
		}
		var out struct{ Weeks []week }
		if err := json.Unmarshal([]byte(r.body), &out); err != nil {
			t.Fatal(err)
		}
		return out.Weeks
	}

	t.Run("by default it returns 52 points, oldest first: weekly snapshots, then the current scorecard", func(t *testing.T) {
		weeks := trend(t, "/api/v1/teams/payments/trend")
		if len(weeks) != 52 {
			t.Fatalf("got %d weeks, want 52", len(weeks))
		}
		if !weeks[51].AsOf.Equal(seedNow) {
			t.Errorf("the trend ends at %s, want the current scorecard at %s", weeks[51].AsOf, seedNow)
		}
		for i, w := range weeks {
			if i < 51 && (w.AsOf.Weekday() != time.Monday || w.AsOf.Hour() != 0 || w.AsOf.Location() != time.UTC) {
				t.Errorf("week %d at %s is not a Monday 00:00 UTC snapshot", i, w.AsOf)
			}
			if i > 0 && !w.AsOf.After(weeks[i-1].AsOf) {
				t.Errorf("week %d (%s) is not after week %d", i, w.AsOf, i-1)
			}
			if len(w.Dimensions) != len(scoring.Dimensions) {
				t.Errorf("week %d has dimensions %v", i, w.Dimensions)
			}
			if _, ok := w.Metrics[scoring.MetricCICoverage]; !ok || len(w.Metrics) < 20 {
				t.Errorf("week %d metrics = %d keys", i, len(w.Metrics))
			}
		}
		if last := weeks[50].AsOf; !last.Before(seedNow) || seedNow.Sub(last) >= 7*24*time.Hour {
			t.Errorf("newest snapshot %s is not the Monday before %s", last, seedNow)
		}
	})
	t.Run("weeks limits it to the newest N", func(t *testing.T) {
		all := trend(t, "/api/v1/teams/payments/trend?weeks=104")
		four := trend(t, "/api/v1/teams/payments/trend?weeks=4")
		if len(four) != 4 || !four[3].AsOf.Equal(all[len(all)-1].AsOf) || !four[0].AsOf.Equal(all[len(all)-4].AsOf) {
			t.Errorf("weeks=4 gave %d weeks ending %v; want the last 4 of %d", len(four), four, len(all))
		}
	})
	t.Run("weeks up to 260 are served", func(t *testing.T) {
		if got := trend(t, "/api/v1/teams/payments/trend?weeks=260"); len(got) == 0 || !got[len(got)-1].AsOf.Equal(seedNow) {
			t.Errorf("weeks=260: %d points", len(got))
		}
	})
	t.Run("the organisation's trend is served like a team's", func(t *testing.T) {
		org := trend(t, "/api/v1/org/trend?weeks=8")
		if len(org) != 8 || !org[7].AsOf.Equal(seedNow) {
			t.Fatalf("org trend: %d points ending %v", len(org), org)
		}
		card := decodeObject(t, get(t, app, "/api/v1/org").body)
		if numCell(card["score"]) != strconv.Itoa(*org[7].Score) {
			t.Errorf("org trend ends at score %d, the org scorecard says %v", *org[7].Score, card["score"])
		}
	})
	for _, path := range []string{"/api/v1/teams/payments/trend", "/api/v1/org/trend"} {
		for _, bad := range []string{"0", "261", "abc", "-1", "1.5", "%20"} {
			t.Run(path+"?weeks="+bad+" is a bad request", func(t *testing.T) {
				r := get(t, app, path+"?weeks="+bad)
				if r.status != 400 {
					t.Fatalf("status %d, want 400", r.status)
				}
				msg, _ := decodeObject(t, r.body)["error"].(string)
				if !strings.Contains(msg, "weeks must be a whole number from 1 to 260") {
					t.Errorf("error = %q", msg)
				}
			})
		}
	}
}

func TestNotFound(t *testing.T) {
	app, _ := smallApp(t)
	for _, tc := range []struct {
		path, contains string
		json           bool
	}{
		{"/api/v1/teams/nope", `there is no team \"nope\"`, true},
		{"/api/v1/teams/nope/trend", `there is no team \"nope\"`, true},
		{"/api/v1/nothing", "there is no page", true},
		{"/teams/nope", "there is no team &#34;nope&#34;", false},
		{"/repos/gh/acme/nope", "there is no repo &#34;acme/nope&#34; in source &#34;gh&#34;", false},
		{"/repos/gl/acme/payments-svc-1", "there is no repo", false},
		{"/no/such/page", "there is no page at /no/such/page", false},
	} {
		t.Run(tc.path+" is a 404 that says why", func(t *testing.T) {
			r := get(t, app, tc.path)
			if r.status != 404 {
				t.Fatalf("status %d, want 404", r.status)
			}
			if !strings.Contains(r.body, tc.contains) {
				t.Errorf("body lacks %q: %.500s", tc.contains, r.body)
			}
			ct := r.header("Content-Type")
			if tc.json != strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			if tc.json {
				hasKeys(t, "error", decodeObject(t, r.body), []string{"error"})
			}
		})
	}
}

func TestEmptyDatabase(t *testing.T) {
	app, _ := newApp(t, nil)
	for _, p := range []string{"/", "/teams", "/sync", "/digest", "/export/teams.csv", "/metrics", "/healthz", "/api/v1/sync"} {
		if r := get(t, app, p); r.status != 200 {
			t.Errorf("%s: status %d: %.300s", p, r.status, r.body)
		}
	}
	if r := get(t, app, "/"); !strings.Contains(r.body, "No scores yet") {
		t.Errorf("overview of an empty database does not say so")
	}
	if r := get(t, app, "/api/v1/org"); r.status != 404 || !strings.Contains(r.body, "no scorecard yet") {
		t.Errorf("/api/v1/org: %d %s", r.status, r.body)
	}
	r := get(t, app, "/api/v1/teams")
	if r.body != `{"as_of":null,"teams":[]}` {
		t.Errorf("/api/v1/teams = %s", r.body)
	}
}

func TestCacheFollowsRescore(t *testing.T) {
	app, d := smallApp(t)
	first := decodeObject(t, get(t, app, "/api/v1/org").body)["as_of"]
	_ = get(t, app, "/") // fill the caches
	later := seedNow.Add(26 * time.Hour)
	specs := []scoring.TeamSpec{{Name: "Payments", Slug: "payments", Repos: []string{"gh:acme/payments-*"}}}
	if _, err := rescore.Run(context.Background(), d, rescore.Options{Teams: specs, Config: scoring.DefaultConfig(), AsOf: later}); err != nil {
		t.Fatal(err)
	}
	second := decodeObject(t, get(t, app, "/api/v1/org").body)["as_of"]
	if first == second || second != later.Format(time.RFC3339) {
		t.Errorf("as_of went from %v to %v, want %s", first, second, later.Format(time.RFC3339))
	}
	teams := get(t, app, "/api/v1/teams").body
	if strings.Contains(teams, "search") || !strings.Contains(teams, "payments") {
		t.Errorf("teams after a rescore with one team: %s", teams)
	}
	if r := get(t, app, "/teams/search"); r.status != 404 {
		t.Errorf("a removed team's page answers %d", r.status)
	}
	if r := get(t, app, "/"); !strings.Contains(r.body, formatTime(later)) {
		t.Errorf("overview still shows the old scorecard")
	}
}

func TestCacheFollowsARescoreBackInTime(t *testing.T) {
	app, d := smallApp(t)
	_ = get(t, app, "/api/v1/org") // cache the newest scorecard
	earlier := seedNow.Add(-26 * time.Hour)
	specs := []scoring.TeamSpec{{Name: "Payments", Slug: "payments", Repos: []string{"gh:acme/payments-*"}}}
	if _, err := rescore.Run(context.Background(), d, rescore.Options{Teams: specs, Config: scoring.DefaultConfig(), AsOf: earlier}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/org", "/api/v1/teams/payments"} {
		if got := decodeObject(t, get(t, app, path).body)["as_of"]; got != earlier.Format(time.RFC3339) {
			t.Errorf("%s as_of = %v after rescoring at %s: a scorecard the rescore removed is still served", path, got, earlier.Format(time.RFC3339))
		}
	}
}

func TestCacheFollowsARescoreAtTheSameInstant(t *testing.T) {
	app, d := smallApp(t)
	before := decodeObject(t, get(t, app, "/api/v1/teams/payments").body)
	// The same instant rescored with other teams' rules: payments now owns nothing.
	asOf, err := time.Parse(time.RFC3339, before["as_of"].(string))
	if err != nil {
		t.Fatal(err)
	}
	specs := []scoring.TeamSpec{{Name: "Payments", Slug: "payments", Repos: []string{"gh:nothing/*"}}}
	if _, err := rescore.Run(context.Background(), d, rescore.Options{Teams: specs, Config: scoring.DefaultConfig(), AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	after := decodeObject(t, get(t, app, "/api/v1/teams/payments").body)
	if after["as_of"] != before["as_of"] {
		t.Fatalf("as_of moved: %v → %v", before["as_of"], after["as_of"])
	}
	if repos, _ := after["repos"].([]any); len(repos) != 0 {
		t.Errorf("payments still shows %d repos after a same-instant rescore gave it none: a stale cache", len(repos))
	}
}

// Change is against the scorecard at as_of − 7 days computed from the same facts,
// not the Monday snapshot before: the API's change and the page's "since" say so.
func TestChangeComparesWithTheScorecard7DaysBeforeTheAsOf(t *testing.T) {
	app, d := smallApp(t)
	since := seedNow.AddDate(0, 0, -7)
	cards := testkit.Scorecards(t, d, "payments", since, since)
	if len(cards) != 1 {
		t.Fatalf("%d scorecards at %s, want the change baseline", len(cards), since)
	}
	latest, err := d.LatestScorecard(context.Background(), "payments")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Teams []struct {
			Slug   string
			Change *struct {
				Since time.Time `json:"since"`
				Score *int      `json:"score"`
			}
		}
	}
	if err := json.Unmarshal([]byte(get(t, app, "/api/v1/teams").body), &got); err != nil {
		t.Fatal(err)
	}
	for _, tm := range got.Teams {
		if tm.Slug != "payments" {
			continue
		}
		if tm.Change == nil || !tm.Change.Since.Equal(since) || tm.Change.Score == nil || *tm.Change.Score != *latest.Score-*cards[0].Score {
			t.Errorf("payments change = %+v, want since %s and %d − %d", tm.Change, since, *latest.Score, *cards[0].Score)
		}
	}
	page := get(t, app, "/teams/payments").body
	if !strings.Contains(page, "since "+since.Format("2 Jan 2006")) || strings.Contains(page, "this week") {
		t.Errorf("the team page does not say its change is since %s", since.Format("2 Jan 2006"))
	}
	if !strings.Contains(page, "As of "+formatTime(seedNow)) {
		t.Errorf("the team page does not say its as_of %s", formatTime(seedNow))
	}
}
