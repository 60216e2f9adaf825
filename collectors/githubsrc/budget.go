package githubsrc

import (
	"net/http"
	"strconv"
	"time"

	"github.com/paved-dev/paved/collectors"
)

// observeQuota tells b the core rate limit an answer's X-RateLimit-* headers
// report. GraphQL and search have quotas of their own (X-RateLimit-Resource
// names them); an answer without the headers (GHES with rate limiting off)
// says nothing.
func observeQuota(b *collectors.QuotaBudget, h http.Header) {
	if res := h.Get("X-RateLimit-Resource"); res != "" && res != "core" {
		return
	}
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return
	}
	b.Observe(limit, remaining, time.Unix(reset, 0))
}
