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
