package ui

import (
	"strings"
	"testing"
)

// /sync and /api/v1/sync say whom each source's collector acts as and its
// quota, or that a GHES with rate limiting off has none.
func TestSyncSaysWhoCollectsAndItsQuota(t *testing.T) {
	cases := []struct {
		name      string
		info      QuotaInfo
		page      []string
		quotaJSON map[string]any
	}{
		{"a GitHub App with its installation's quota",
			QuotaInfo{Identity: "GitHub App 123456, installation 7890123", Remaining: 14250, Limit: 15000},
			[]string{"<dt>Collects as</dt><dd>GitHub App 123456, installation 7890123</dd>", "<dt>API quota left</dt><dd>14250 of 15000"},
			map[string]any{"remaining": 14250.0, "limit": 15000.0, "reset": nil}},
		{"a token on a GHES without rate limiting",
			QuotaInfo{Identity: "token from $GHE_TOKEN", Unlimited: true},
			[]string{"<dt>Collects as</dt><dd>token from $GHE_TOKEN</dd>", "<dt>API quota left</dt><dd>no rate limit (GHES)</dd>",
				"no rate-limit headers"},
			map[string]any{"remaining": 0.0, "limit": 0.0, "reset": nil, "unlimited": true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			app := appFor(t, smallDB(t), Options{Quota: func() map[string]QuotaInfo { return map[string]QuotaInfo{"gh": tc.info} }})
			page := get(t, app, "/sync").body
			for _, want := range tc.page {
				if !strings.Contains(page, want) {
					t.Errorf("/sync lacks %s", want)
				}
			}
			src := decodeObject(t, get(t, app, "/api/v1/sync").body)["sources"].([]any)[0].(map[string]any)
			if src["identity"] != tc.info.Identity {
				t.Errorf("identity = %v, want %q", src["identity"], tc.info.Identity)
			}
			q, _ := src["quota"].(map[string]any)
			if len(q) != len(tc.quotaJSON) {
				t.Fatalf("quota = %v, want %v", q, tc.quotaJSON)
			}
			for k, v := range tc.quotaJSON {
				if q[k] != v {
					t.Errorf("quota.%s = %v, want %v", k, q[k], v)
				}
			}
		})
	}
}

func TestSyncShowsNoQuotaBeforeTheForgeAnswered(t *testing.T) {
	app := appFor(t, smallDB(t), Options{Quota: func() map[string]QuotaInfo {
		return map[string]QuotaInfo{"gh": {Identity: "token from $GH_TOKEN"}}
	}})
	if page := get(t, app, "/sync").body; strings.Contains(page, "API quota left") || !strings.Contains(page, "token from $GH_TOKEN") {
		t.Error("/sync shows a quota before any answer, or not the identity")
	}
}
