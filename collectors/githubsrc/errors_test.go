package githubsrc

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

func TestARejectedTokenIsOneClearSentenceAndStoresNothing(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 2)
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`)
		return true
	}
	store := newMemStore()
	_, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{})
	want := `source "gh": GitHub rejected the token (401 Bad credentials)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if len(store.batches) != 0 {
		t.Fatalf("%d batches applied after a 401", len(store.batches))
	}
}

func TestATokenRevokedMidPassStopsThePassWithTheSameSentence(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 4)
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.Contains(r.URL.Path, "/pulls") {
			return false
		}
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"message":"Bad credentials"}`)
		return true
	}
	_, err := collect(t, newTestCollector(t, f, "acme"), newMemStore(), collectors.RunOptions{})
	if err == nil || err.Error() != `source "gh": GitHub rejected the token (401 Bad credentials)` {
		t.Fatalf("err = %v", err)
	}
}

func TestAnUnknownOrgNamesTheOrgAndTheServer(t *testing.T) {
	f := newFakeGitHub(t)
	store := newMemStore()
	_, err := collect(t, newTestCollector(t, f, "nope"), store, collectors.RunOptions{})
	want := fmt.Sprintf(`source "gh": organisation "nope" not found at %s/`, f.srv.URL)
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if len(store.batches) != 0 {
		t.Fatal("nothing may be stored for an unknown org")
	}
}

func TestAnUnreachableServerIsNamed(t *testing.T) {
	f := newFakeGitHub(t)
	c := newTestCollector(t, f, "acme")
	f.srv.Close()
	_, err := collect(t, c, newMemStore(), collectors.RunOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), `source "gh": cannot talk to GitHub at `+f.srv.URL) {
		t.Fatalf("err = %v", err)
	}
}

func TestAMalformedPageFailsOnlyThatRepoResource(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 3)
	f.setRaw("/repositories/102/actions/runs", `{"total_count": 1, "workflow_runs": [{"id": 1, "name": `)
	store := newMemStore()
	sum, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{})
	if err != nil {
		t.Fatalf("a repo's failure is not source-wide: %v", err)
	}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	e := sum.Errors[0]
	if e.Repo != "acme/repo-2" || e.Resource != model.ResourceRuns ||
		!strings.Contains(e.Err, "repo acme/repo-2: runs:") || !strings.Contains(e.Err, "malformed JSON") {
		t.Fatalf("repo error = %+v", e)
	}
	got := store.all()
	runsOf := map[int64]int{}
	for _, r := range got.Runs {
		runsOf[r.RepoForgeID]++
	}
	if runsOf[102] != 0 || runsOf[101] != 2 || runsOf[103] != 2 {
		t.Fatalf("runs per repo = %v: repo-2's page must not be applied, the others collected", runsOf)
	}
	findingsOf2 := 0
	for _, fi := range got.Findings {
		if fi.RepoForgeID == 102 {
			findingsOf2++
		}
	}
	if findingsOf2 != 3 {
		t.Errorf("repo-2's other resources carry on: %d findings, want 3", findingsOf2)
	}
	if len(store.errs) != 1 || !strings.HasPrefix(store.errs[0], "gh|acme/repo-2|runs|repo acme/repo-2: runs:") {
		t.Errorf("recorded errors = %q", store.errs)
	}
	if c := store.cursor("acme/repo-2", model.ResourceRuns); !c.Watermark.IsZero() || c.ETag != "" {
		t.Errorf("a failed resource keeps its old cursor: %+v", c)
	}
}

func TestDisabledFeaturesAreObservationsNotErrors(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	answers := map[string]struct {
		status int
		body   string
	}{
		"/repositories/101/code-scanning/alerts":   {404, `{"message":"no analysis found"}`},
		"/repositories/101/code-scanning/analyses": {403, `{"message":"Advanced Security must be enabled for this repository to use code scanning."}`},
		"/repositories/101/dependabot/alerts":      {403, `{"message":"Dependabot alerts are disabled for this repository."}`},
		"/repositories/101/secret-scanning/alerts": {404, `{"message":"Secret scanning is disabled on this repository."}`},
	}
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		a, ok := answers[r.URL.Path]
		if !ok {
			return false
		}
		w.WriteHeader(a.status)
		fmt.Fprint(w, a.body)
		return true
	}
	store := newMemStore()
	c := newTestCollector(t, f, "acme")
	sum, err := collect(t, c, store, collectors.RunOptions{})
	if err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary = %+v", err, sum)
	}
	off := map[string]bool{}
	for _, o := range store.all().Observations {
		if o.Enabled {
			t.Errorf("feature %s observed enabled", o.Feature)
		}
		off[o.Feature] = true
	}
	for _, feat := range []string{model.FeatureCodeScanning, model.FeatureDependabotAlerts, model.FeatureSecretScanning} {
		if !off[feat] {
			t.Errorf("no disabled observation for %s", feat)
		}
	}
	// The same answer next time changes nothing, so nothing new is observed.
	n := len(store.all().Observations)
	if _, err := collect(t, c, store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if m := len(store.all().Observations); m != n {
		t.Errorf("observations grew from %d to %d on an unchanged pass", n, m)
	}
	// Such answers carry no ETag: they are trusted for a day, then asked again.
	path := "/repositories/101/secret-scanning/alerts"
	if hits := f.count(path); hits != 1 {
		t.Errorf("a disabled feature was asked %d times within a day, want once", hits)
	}
	later := testNow.Add(25 * time.Hour)
	if _, err := collect(t, c, store, collectors.RunOptions{Now: func() time.Time { return later }}); err != nil {
		t.Fatal(err)
	}
	if hits := f.count(path); hits != 2 {
		t.Errorf("a day later the disabled feature was asked %d times in all, want 2", hits)
	}
}

func TestErrorsNeverCarryTheToken(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	// A hostile server echoes the Authorization header back.
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/pulls") {
			return false
		}
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `{"message":"boom for %s"}`, r.Header.Get("Authorization"))
		return true
	}
	store := newMemStore()
	sum, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Errors) != 1 {
		t.Fatalf("errors = %+v", sum.Errors)
	}
	all := sum.Errors[0].Err + strings.Join(store.errs, "")
	if strings.Contains(all, testToken) || !strings.Contains(all, "[redacted]") {
		t.Fatalf("token not redacted: %q", all)
	}
}

func TestSourceWideErrorsAreMarked(t *testing.T) {
	err := &collectors.SourceWideError{Msg: "x"}
	if !errors.Is(err, collectors.ErrSourceWide) {
		t.Fatal("a collectors.SourceWideError must match collectors.ErrSourceWide")
	}
}
