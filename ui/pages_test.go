package ui

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

var rowSlug = regexp.MustCompile(`<tr data-slug="([^"]+)">`)

// tableOrder is the order of teams in the /teams table.
func tableOrder(body string) []string {
	var out []string
	for _, m := range rowSlug.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestTeamsSorting(t *testing.T) {
	app, _ := smallApp(t)
	var teams struct {
		Teams []struct {
			Slug       string
			Name       string
			Score      *int
			Dimensions map[string]*int
		}
	}
	if err := json.Unmarshal([]byte(get(t, app, "/api/v1/teams").body), &teams); err != nil {
		t.Fatal(err)
	}
	score := map[string]int{}
	review := map[string]*int{}
	for _, tm := range teams.Teams {
		score[tm.Slug] = *tm.Score
		review[tm.Slug] = tm.Dimensions["review"]
	}
	check := func(t *testing.T, path string, less func(a, b string) bool) []string {
		t.Helper()
		r := get(t, app, path)
		if r.status != 200 {
			t.Fatalf("status %d", r.status)
		}
		order := tableOrder(r.body)
		if len(order) != len(teams.Teams) {
			t.Fatalf("%d rows, want %d", len(order), len(teams.Teams))
		}
		// The unassigned repos are shown apart, after the ranked teams, whatever the sort.
		if order[len(order)-1] != scoring.UnassignedSlug || !strings.Contains(r.body, `<table class="teams apart">`) {
			t.Errorf("unassigned is not apart at the end: %v", order)
		}
		order = order[:len(order)-1]
		for i := 1; i < len(order); i++ {
			if less(order[i], order[i-1]) {
				t.Errorf("%s before %s in %v", order[i-1], order[i], order)
			}
		}
		return order
	}
	t.Run("by score descending puts the best first", func(t *testing.T) {
		check(t, "/teams?sort=score&dir=desc", func(a, b string) bool { return score[a] > score[b] })
	})
	t.Run("by score ascending puts the worst first", func(t *testing.T) {
		check(t, "/teams?sort=score&dir=asc", func(a, b string) bool { return score[a] < score[b] })
	})
	t.Run("by a dimension orders by its level", func(t *testing.T) {
		check(t, "/teams?sort=review&dir=desc", func(a, b string) bool { return deref(review[a]) > deref(review[b]) })
	})
	t.Run("by default teams are in name order", func(t *testing.T) {
		order := check(t, "/teams", func(a, b string) bool { return false })
		names := map[string]string{}
		for _, tm := range teams.Teams {
			names[tm.Slug] = strings.ToLower(tm.Name)
		}
		if !slices.IsSortedFunc(order, func(a, b string) int { return strings.Compare(names[a], names[b]) }) {
			t.Errorf("default order %v is not by name", order)
		}
	})
	t.Run("the sorted column's link reverses the direction", func(t *testing.T) {
		body := get(t, app, "/teams?sort=score&dir=desc").body
		if !strings.Contains(body, `aria-sort="descending" data-key="score"><a href="/teams?dir=asc&amp;sort=score"`) {
			t.Errorf("score header does not offer ascending order")
		}
	})
	for _, bad := range []string{"/teams?sort=password", "/teams?sort=score&dir=sideways"} {
		t.Run(bad+" is a bad request", func(t *testing.T) {
			if r := get(t, app, bad); r.status != 400 {
				t.Errorf("status %d", r.status)
			}
		})
	}
}

func TestTeamsCompare(t *testing.T) {
	app, _ := smallApp(t)
	compareHead := regexp.MustCompile(`(?s)<table class="compare-table">.*?</thead>`)
	for _, tc := range []struct{ name, path string }{
		{"a comma list compares the teams", "/teams?compare=payments,search"},
		{"the form's repeated parameter compares the teams", "/teams?sort=team&dir=asc&compare=payments&compare=search"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, app, tc.path)
			head := compareHead.FindString(r.body)
			if !strings.Contains(head, ">Payments<") || !strings.Contains(head, ">Search<") || strings.Contains(head, "Identity") {
				t.Errorf("comparison header = %q", head)
			}
			if !strings.Contains(r.body, `data-chart="chart-compare"`) {
				t.Error("no score trends chart")
			}
			for _, slug := range []string{"payments", "search"} {
				if !strings.Contains(r.body, `value="`+slug+`" id="pick-`+slug+`" checked`) {
					t.Errorf("%s is not ticked", slug)
				}
			}
		})
	}
	t.Run("an unknown team is named, not compared", func(t *testing.T) {
		r := get(t, app, "/teams?compare=payments,ghost")
		if r.status != 200 || !strings.Contains(r.body, "no such team: “ghost”") {
			t.Errorf("status %d; notice missing", r.status)
		}
	})
}

func TestPagesShowTheNumbers(t *testing.T) {
	app, _ := smallApp(t)
	org := decodeObject(t, get(t, app, "/api/v1/org").body)
	overview := get(t, app, "/").body
	if want := `<span class="figure-value big">` + numCell(org["score"]) + `<span class="unit">/100`; !strings.Contains(overview, want) {
		t.Errorf("overview lacks the org score %v", org["score"])
	}
	for _, want := range []string{"Teams by level", "Biggest movers, 7-day change", "Where risk piles up: overdue critical and high findings",
		`<script type="application/json" id="chart-org-score">`, "Show the numbers"} {
		if !strings.Contains(overview, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	team := get(t, app, "/teams/payments").body
	for _, want := range []string{"✓ met", "Open findings past their SLA", "Level per dimension",
		`<script type="application/json" id="chart-dim-automation">`, `<svg class="spark"`} {
		if !strings.Contains(team, want) {
			t.Errorf("team page lacks %q", want)
		}
	}
	repo := get(t, app, "/repos/gh/acme/payments-svc-1")
	if repo.status != 200 || !strings.Contains(repo.body, "Contribution to the organisation") || !strings.Contains(repo.body, "Pipeline runs by conclusion") {
		t.Errorf("repo page: %d", repo.status)
	}
	dg := get(t, app, "/digest")
	if dg.status != 200 || !strings.Contains(dg.body, `src="/digest/email" sandbox="allow-same-origin"`) || !strings.Contains(dg.body, "Paved weekly digest") {
		t.Errorf("digest page: %d, lacks the framed email or its text version", dg.status)
	}
	email := get(t, app, "/digest/email")
	if email.status != 200 || strings.Contains(email.body, "<script") || !strings.Contains(email.body, "data:image/png;base64,") {
		t.Errorf("digest email: %d, must be script-free with inlined charts", email.status)
	}
}

func TestSyncEndpoint(t *testing.T) {
	app, _ := smallApp(t)
	r := get(t, app, "/api/v1/sync")
	m := decodeObject(t, r.body)
	hasKeys(t, "sync", m, []string{"as_of", "sources"})
	sources := m["sources"].([]any)
	if len(sources) != 1 {
		t.Fatalf("sources = %v", sources)
	}
	src := sources[0].(map[string]any)
	hasKeys(t, "source", src, []string{"name", "kind", "last_success", "last_error", "last_error_at", "items", "failing", "history", "repos"}, "quota")
	if src["name"] != "gh" || src["kind"] != "github" || src["failing"] != 1.0 {
		t.Errorf("source = %v %v failing %v", src["name"], src["kind"], src["failing"])
	}
	// The seed stores no history cursors: its lists count as read in full.
	if src["history"] != nil {
		t.Errorf("history = %v, want null", src["history"])
	}
	var failing int
	for _, rr := range src["repos"].([]any) {
		repo := rr.(map[string]any)
		hasKeys(t, "repo", repo, []string{"repo", "resources"}, "history")
		for _, x := range repo["resources"].([]any) {
			res := x.(map[string]any)
			hasKeys(t, "resource", res, []string{"resource", "last_success", "last_error", "last_error_at", "items"})
			if res["last_error"] != "" {
				failing++
				if repo["repo"] != "acme/"+hostileScript || res["resource"] != "pulls" {
					t.Errorf("unexpected error on %v %v", repo["repo"], res["resource"])
				}
			}
		}
	}
	if failing != 1 {
		t.Errorf("%d resources with errors, want 1", failing)
	}
	if strings.Contains(r.body, fakeToken) {
		t.Error("sync status shows a token")
	}
}

func TestSyncQuota(t *testing.T) {
	d := smallDB(t)
	app := appFor(t, d, Options{Quota: func() map[string]QuotaInfo {
		return map[string]QuotaInfo{"gh": {Remaining: 4321, Limit: 5000, Reset: seedNow.Add(time.Hour)}}
	}})
	if body := get(t, app, "/sync").body; !strings.Contains(body, "4321 of 5000") {
		t.Error("sync page does not show the quota left")
	}
	src := decodeObject(t, get(t, app, "/api/v1/sync").body)["sources"].([]any)[0].(map[string]any)
	if q, _ := src["quota"].(map[string]any); q == nil || q["remaining"] != 4321.0 {
		t.Errorf("quota = %v", src["quota"])
	}
}

func TestGitLabRepoPathWithSubgroups(t *testing.T) {
	d := smallDB(t)
	if err := d.Apply(context.Background(), model.Batch{Source: "gl", Repos: []model.Repo{
		{Source: "gl", ForgeID: 77, FullName: "acme/platform/sub group/api", DefaultBranch: "main"},
	}}); err != nil {
		t.Fatal(err)
	}
	app := appFor(t, d, Options{})
	r := get(t, app, repoURL("gl", "acme/platform/sub group/api"))
	if r.status != 200 || !strings.Contains(r.body, "acme/platform/sub group/api") {
		t.Errorf("status %d", r.status)
	}
	if !strings.Contains(r.body, "not in the newest organisation scorecard yet") {
		t.Error("an unscored repo does not say so")
	}
}
