package gitlabsrc

import (
	"context"
	"errors"
	"fmt"
	"github.com/paved-dev/paved/model"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/internal/testkit"
)

func TestARejectedTokenStopsThePassWithOneSentence(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	sum, err := e.collect(t, e.collector(t, "acme-gl", "glpat-wrong"), collectors.RunOptions{})
	want := `source "gl": GitLab rejected the token (401 Unauthorized)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if sum.Repos != 0 || e.counts(t)["repos"] != 0 {
		t.Fatalf("a rejected token stored something: %+v", sum)
	}
}

func TestATokenRevokedMidPassStopsEveryProject(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/api/graphql", Status: http.StatusUnauthorized, Times: -1})
	_, err := e.collect(t, e.collector(t, "acme-gl/data", testToken), collectors.RunOptions{})
	if err == nil || err.Error() != `source "gl": GitLab rejected the token (401 Unauthorized)` {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(err, collectors.ErrSourceWide) {
		t.Fatalf("a revoked token is not source-wide: %v", err)
	}
}

func TestAnUnknownGroupIsNamedWithTheServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	_, err := e.collect(t, e.collector(t, "acme-gl/nope", testToken), collectors.RunOptions{})
	want := fmt.Sprintf(`source "gl": group "acme-gl/nope" not found at %s`, e.base)
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestAMalformedPageFailsOnlyThatProjectsResource(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	const project = "acme-gl/payments/ledger"
	r, _ := e.org.Repo(project)
	e.sim.InjectFault(gitlabsim.Fault{PathContains: fmt.Sprintf("/projects/%d/merge_requests?", r.ID), Malformed: true})
	c := e.collector(t, "acme-gl/payments", testToken)
	sum, err := e.collect(t, c, collectors.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	got := sum.Errors[0]
	if got.Repo != project || got.Resource != model.ResourcePulls ||
		!strings.HasPrefix(got.Err, "project acme-gl/payments/ledger: pulls: GitLab sent malformed JSON") {
		t.Fatalf("error = %+v", got)
	}
	cur, err := e.db.Cursor(context.Background(), "gl", project, model.ResourcePulls)
	if err != nil || cur.LastError != got.Err || !cur.Watermark.IsZero() {
		t.Fatalf("cursor = %+v (%v)", cur, err)
	}
	mrs := int64(len(e.org.Data(r).Pulls))
	gt := e.sim.GroundTruth("acme-gl/payments")
	if n := e.counts(t)["pull_requests"]; n != gt["pull_requests"]-mrs {
		t.Errorf("pull requests = %d, want %d: the malformed page must not be stored, the others must", n, gt["pull_requests"]-mrs)
	}
	if n := e.queryInt(t, `SELECT count(*) FROM runs r JOIN repos p ON p.id = r.repo_id WHERE p.full_name = ?`, project); n != int64(len(e.org.Data(r).Runs)) {
		t.Errorf("the project's other resources were not collected: %d runs", n)
	}
	if _, err := e.collect(t, c, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	e.checkGroundTruth(t, "acme-gl/payments")
}

func TestRateLimitAnswersAreWaitedOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/merge_requests?", Status: http.StatusTooManyRequests, RetryAfter: 1, Times: 2})
	c := e.collector(t, "acme-gl/data", testToken)
	start := time.Now()
	sum, err := e.collect(t, c, collectors.RunOptions{})
	if err != nil || !sum.OK() {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	if time.Since(start) < time.Second {
		t.Errorf("the pass took %v: Retry-After: 1 was not waited out", time.Since(start))
	}
	if !strings.Contains(e.logs.String(), "gitlab rate limit reached: waiting") {
		t.Errorf("waits are not logged: %s", e.logs.String())
	}
	e.checkGroundTruth(t, "acme-gl/data")
}

func TestAWaitLongerThanMaxWaitFailsTheRequestInsteadOfStalling(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/deployments?", Status: http.StatusTooManyRequests, RetryAfter: 3600, Times: -1})
	c := e.collector(t, "acme-gl/data", testToken)
	c.MaxWait = time.Second
	sum, err := e.collect(t, c, collectors.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ReposFailed == 0 || !strings.Contains(sum.Errors[0].Err, "GitLab answered 429 Too Many Requests") {
		t.Fatalf("summary = %+v", sum)
	}
}

func TestAQuotaSpentMidPassGivesTheSameFinalCounts(t *testing.T) {
	t.Parallel()
	// 50 requests must fit in one window for the quota to run out: 5 s leaves room
	// for a machine loaded to 100 ms a request under the race detector.
	e := newEnv(t, gitlabsim.Options{Quota: 50, QuotaWindow: 5 * time.Second})
	sum, err := e.collect(t, e.collector(t, "acme-gl/data", testToken), collectors.RunOptions{})
	if err != nil || !sum.OK() {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	if sum.Requests <= 2*50 {
		t.Fatalf("the pass made %d requests: the quota was not spent twice", sum.Requests)
	}
	if !strings.Contains(e.logs.String(), "gitlab rate limit reached") {
		t.Errorf("the spent quota was not waited for: %s", e.logs.String())
	}
	e.checkGroundTruth(t, "acme-gl/data")
}

func TestTheTokenNeverReachesTheDatabaseOrTheLogs(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/pipelines?", Malformed: true})
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/merge_requests?", Status: http.StatusTooManyRequests, RetryAfter: 1})
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/api/graphql", Status: http.StatusBadGateway,
		Body: `{"message":"upstream echoed ` + testToken + `"}`, Times: 4})
	sum, err := e.collect(t, e.collector(t, "acme-gl/platform", testToken), collectors.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Errors) == 0 {
		t.Fatal("the faults produced no errors: the test would not see a leak")
	}
	texts := []string{e.logs.String(), fmt.Sprint(sum)}
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	texts = append(texts, string(testkit.StoredBytes(t, e.db.Path())))
	for i, s := range texts {
		if strings.Contains(s, testToken) || strings.Contains(s, testToken[6:]) {
			t.Errorf("text %d holds the token", i)
		}
	}
}

func TestCancellingThePassEndsAWaitPromptly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, gitlabsim.Options{})
	e.sim.InjectFault(gitlabsim.Fault{PathContains: "/pipelines?", Status: http.StatusTooManyRequests, RetryAfter: 30, Times: -1})
	c := e.collector(t, "acme-gl/data", testToken)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Collect(ctx, e.db, collectors.RunOptions{Now: func() time.Time { return testNow }})
	if err == nil || !strings.Contains(err.Error(), `source "gl": collection stopped`) {
		t.Fatalf("err = %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("cancelling took %v: a 30s wait did not honour the context", took)
	}
}
