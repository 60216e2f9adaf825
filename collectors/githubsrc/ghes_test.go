package githubsrc

import (
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
)

// A GHES with rate limiting off sends no X-RateLimit-* header: that is no
// primary limit, never a reason to wait or fail (Apache DevLake crashed on
// it, issue 7435), while a 429 with Retry-After is still waited out.
func TestOnGHESWithoutRateLimitHeadersEverythingIsCollectedAndA429Honoured(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	e := newSimEnv(t, simorg.ScaleSmall, githubsim.Options{GHES: true})
	e.sim.InjectFault(githubsim.Fault{PathContains: "/pulls", Status: 429, RetryAfter: 1})
	start := time.Now()
	e.collect(t, false)
	e.checkGroundTruth(t)
	if took := time.Since(start); took < time.Second {
		t.Errorf("the pass took %s: the 429's Retry-After (1 s) was not waited out", took)
	}
	st := e.sim.Stats()
	if st.Faults != 1 || st.RateLimited != 0 {
		t.Errorf("faults %d, rate limited %d: want the one 429 and no primary limit", st.Faults, st.RateLimited)
	}
	logs := e.logs.String()
	if strings.Contains(logs, "github rate limit reached") {
		t.Errorf("a primary-limit wait on a GHES without limits:\n%s", logs)
	}
	if !strings.Contains(logs, "secondary rate limit") {
		t.Errorf("the 429 was not seen as a secondary limit:\n%s", logs)
	}
}
