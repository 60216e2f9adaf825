package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestQuotaTrackerReadsEachForgesRateLimitHeaders(t *testing.T) {
	cases := []struct {
		name   string
		header map[string]string
	}{
		{"GitHub's X-RateLimit headers", map[string]string{"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4321", "X-RateLimit-Reset": "1800000000"}},
		{"GitLab's RateLimit headers", map[string]string{"RateLimit-Limit": "5000", "RateLimit-Remaining": "4321", "RateLimit-Reset": "1800000000"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
			}))
			defer srv.Close()
			q := newQuotaTracker()
			resp, err := q.client("src", nil).Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := q.Snapshot()["src"]
			if got.Remaining != 4321 || got.Limit != 5000 || !got.Reset.Equal(time.Unix(1800000000, 0)) {
				t.Fatalf("quota = %+v", got)
			}
		})
	}
}

// A GitHub source whose answers carry no rate-limit headers is a GHES with
// rate limiting off; a GitLab source's, or an error answer's, say nothing.
func TestQuotaTrackerTellsNoRateLimitAndWhoCollects(t *testing.T) {
	cases := []struct {
		name          string
		github        bool
		status        int
		wantUnlimited bool
	}{
		{"a GitHub answer without headers", true, http.StatusOK, true},
		{"a GitHub 304 without headers", true, http.StatusNotModified, true},
		{"a proxy's 502 in front of GitHub", true, http.StatusBadGateway, false},
		{"a GitLab answer without headers", false, http.StatusOK, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(tc.status) }))
			defer srv.Close()
			q := newQuotaTracker()
			q.register("src", tc.github, func() string { return "token from $GH_TOKEN" })
			if got := q.Snapshot()["src"]; got.Identity != "token from $GH_TOKEN" || got.Unlimited || got.Limit != 0 {
				t.Fatalf("before any answer: %+v", got)
			}
			resp, err := q.client("src", nil).Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := q.Snapshot()["src"]; got.Unlimited != tc.wantUnlimited || got.Identity != "token from $GH_TOKEN" {
				t.Errorf("after the answer: %+v, want unlimited %v", got, tc.wantUnlimited)
			}
		})
	}
}

func TestIdentitySaysWhereTheTokenComesFrom(t *testing.T) {
	for _, tc := range []struct {
		spec SourceSpec
		want string
	}{
		{SourceSpec{TokenEnv: "GITHUB_TOKEN"}, "token from $GITHUB_TOKEN"},
		{SourceSpec{TokenFile: "/run/secrets/gh"}, "token from file /run/secrets/gh"},
	} {
		if got := identityOf(tc.spec, nil)(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.spec, got, tc.want)
		}
	}
}
