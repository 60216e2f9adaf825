package ui

import (
	"encoding/json"
	"html"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

// section is the HTML from the element with id to the end of its section.
func section(body, id string) string {
	_, rest, ok := strings.Cut(body, `id="`+id+`"`)
	if !ok {
		return ""
	}
	s, _, _ := strings.Cut(rest, "</section>")
	return s
}

// TestAuthTeamScopingOfFindingDetails: a member of payments sees payments'
// overdue findings listed and only counts for checkout, on the team and repo
// pages, the overview's risk table, the API, the CSV and the digest; a security
// user sees both teams' details.
func TestAuthTeamScopingOfFindingDetails(t *testing.T) {
	d := openDB(t)
	seed(t, d, seedOptions{teams: []seedTeam{{"Payments", "payments", 0.2, 0}, {"Checkout", "checkout", 0.2, 0}},
		reposPerTeam: 2, runEvery: 2})
	srv := startAuthServer(t, d, func(o *Options) {
		o.Auth.TrustedHeader = &TrustedHeaderOptions{User: "X-Forwarded-Email", Groups: "X-Forwarded-Groups",
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	})
	c := browserClient(t)
	as := func(user, groups string) func(path string) hop {
		return func(path string) hop {
			t.Helper()
			h := do(t, c, "GET", srv.base+path, nil, map[string]string{"X-Forwarded-Email": user, "X-Forwarded-Groups": groups})
			if h.status != http.StatusOK {
				t.Fatalf("%s as %s: %d %.300s", path, user, h.status, h.body)
			}
			return h
		}
	}
	limitedHTML := html.EscapeString(detailsLimitedNote)
	member := as("pay@example.com", "engineering,payments-eng")
	security := as("sec@example.com", "appsec")

	listed := func(h hop, repoPrefix string) bool {
		s := section(h.body, "overdue-title")
		return strings.Contains(s, "<table") && strings.Contains(s, repoPrefix)
	}
	// Pages.
	if h := member("/teams/payments"); !listed(h, "acme/payments-svc-") || strings.Contains(h.body, limitedHTML) {
		t.Errorf("payments member on /teams/payments: findings not listed (or marked limited)")
	}
	h := member("/teams/checkout")
	if s := section(h.body, "overdue-title"); strings.Contains(s, "<table") || strings.Contains(s, "checkout-svc") ||
		!strings.Contains(s, limitedHTML) || !strings.Contains(s, "past due as of") {
		t.Errorf("payments member on /teams/checkout: want a count and the limited line, no list; got %s", s)
	}
	if s := section(h.body, "repos-title"); !strings.Contains(s, limitedHTML) {
		t.Errorf("payments member on /teams/checkout: the repos table shows per-repo overdue counts")
	}
	if h := member("/repos/gh/acme/checkout-svc-0"); strings.Contains(section(h.body, "overdue-title"), "<table") ||
		!strings.Contains(h.body, limitedHTML) {
		t.Errorf("payments member on a checkout repo page: findings listed")
	}
	if h := member("/repos/gh/acme/payments-svc-0"); strings.Contains(h.body, limitedHTML) {
		t.Errorf("payments member on a payments repo page: marked limited")
	}
	ov := member("/")
	if strings.Contains(ov.body, "acme/checkout-svc") || !strings.Contains(ov.body, limitedHTML) {
		t.Errorf("payments member's overview names a checkout repo in its risk table, or lacks the limited line")
	}
	if !strings.Contains(ov.body, "acme/payments-svc") {
		t.Errorf("payments member's overview does not name payments' risky repos")
	}
	for _, team := range []string{"payments", "checkout"} {
		if h := security("/teams/" + team); !listed(h, "acme/"+team+"-svc-") || strings.Contains(h.body, limitedHTML) {
			t.Errorf("security user on /teams/%s: findings not listed", team)
		}
	}
	sov := security("/")
	if !strings.Contains(sov.body, "acme/checkout-svc") || strings.Contains(sov.body, limitedHTML) {
		t.Errorf("security user's overview does not name checkout's risky repos")
	}

	// API.
	type card struct {
		FindingDetails string `json:"finding_details"`
		Repos          []struct {
			Repo        string          `json:"repo"`
			Remediation json.RawMessage `json:"remediation"`
		} `json:"repos"`
		Dimensions map[string]struct {
			Metrics map[string]struct {
				Value *float64 `json:"value"`
			} `json:"metrics"`
		} `json:"dimensions"`
	}
	read := func(h hop) card {
		var out card
		if err := json.Unmarshal([]byte(h.body), &out); err != nil {
			t.Fatalf("decode %.200s: %v", h.body, err)
		}
		return out
	}
	pc, cc := read(member("/api/v1/teams/payments")), read(member("/api/v1/teams/checkout"))
	if pc.FindingDetails != "" || len(pc.Repos) == 0 || pc.Repos[0].Remediation == nil {
		t.Errorf("payments member, payments API: details missing or marked limited: %+v", pc.FindingDetails)
	}
	if !strings.Contains(cc.FindingDetails, "limited") {
		t.Errorf("payments member, checkout API: no finding_details field saying limited")
	}
	for _, r := range cc.Repos {
		if r.Remediation != nil {
			t.Errorf("payments member, checkout API: repo %s carries its overdue counts", r.Repo)
		}
	}
	scc := read(security("/api/v1/teams/checkout"))
	if got, want := cc.Dimensions["remediation"].Metrics["overdue_critical_high"].Value, scc.Dimensions["remediation"].Metrics["overdue_critical_high"].Value; got == nil || want == nil || *got != *want || *got == 0 {
		t.Errorf("checkout's overdue count differs between a member of payments (%v) and security (%v), or is 0", got, want)
	}
	if scc.FindingDetails != "" || scc.Repos[0].Remediation == nil {
		t.Errorf("security user, checkout API: details left out")
	}
	org := read(member("/api/v1/org"))
	for _, r := range org.Repos {
		isCheckout := strings.Contains(r.Repo, "checkout-svc")
		if isCheckout == (r.Remediation != nil) {
			t.Errorf("payments member, org API: repo %s remediation present=%v", r.Repo, r.Remediation != nil)
		}
	}
	// CSV: counts only, the same for everyone.
	if m, s := member("/export/teams.csv").body, security("/export/teams.csv").body; m != s || strings.Contains(m, "checkout-svc") {
		t.Errorf("CSV differs between users or names a repo")
	}
	// Digest: the worst findings of checkout are not listed to the payments member.
	dt := member("/digest")
	if !strings.Contains(dt.body, limitedHTML) {
		t.Error("digest page lacks the limited line")
	}
	for _, path := range []string{"/digest", "/digest/email"} {
		for _, line := range strings.Split(member(path).body, "\n") {
			if strings.Contains(line, "checkout-svc") && strings.Contains(line, "go/rule-") {
				t.Errorf("payments member's %s lists a checkout finding: %.200s", path, line)
			}
		}
	}
	found := false
	for _, line := range strings.Split(security("/digest").body, "\n") {
		if strings.Contains(line, "checkout-svc") && strings.Contains(line, "go/rule-") {
			found = true
		}
	}
	if !found {
		t.Log("note: the security user's digest lists no checkout finding on one line; the digest check above is vacuous")
	}
}
