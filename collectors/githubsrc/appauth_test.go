package githubsrc

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
	"github.com/paved-dev/paved/internal/testkit"
)

const (
	testAppID          = 123456
	testInstallationID = 7890123
)

// newAppEnv is newSimEnv with the collector acting as the test app's
// installation (looked up from the org when installation is 0), signing with
// test key keyN, the simulator and the collector on one clock: the
// collector's readings move it, the simulator's only read it.
func newAppEnv(t *testing.T, opts githubsim.Options, lifetime time.Duration, installation int64, keyN int, clock *testkit.TickingClock) *simEnv {
	t.Helper()
	opts.Now = clock.Peek
	opts.App = &githubsim.AppOptions{ID: testAppID, InstallationID: testInstallationID,
		PublicKey: &testkit.GitHubAppKey(t, 0).Key.PublicKey, TokenLifetime: lifetime}
	e := newSimEnvAs(t, simorg.ScaleSmall, opts, collectors.SourceConfig{
		App: &collectors.GitHubApp{ID: testAppID, InstallationID: installation, Key: testkit.GitHubAppKey(t, keyN).Key}})
	e.c.Clock = clock.Now
	return e
}

func TestAnAppCollectionSpanningManyTokenLifetimesNeverGetsA401(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	// Every request the collector sends moves the clock four seconds: the
	// pass's requests span most of an hour, and each 10-minute token serves
	// about 110 of them, renewed 2.5 minutes before it would expire.
	clock := &testkit.TickingClock{Start: simNow, Step: 4 * time.Second}
	e := newAppEnv(t, githubsim.Options{}, 10*time.Minute, 0, 0, clock)
	if got := e.c.Identity(); got != "GitHub App 123456, installation not looked up yet" {
		t.Errorf("identity before the pass: %q", got)
	}
	e.collect(t, false)
	e.checkGroundTruth(t)
	if n := e.sim.Refused(); n != 0 {
		t.Errorf("the simulator answered %d requests 401", n)
	}
	st := e.sim.Stats()
	// One installation lookup, then one mint per token.
	if mints := st.ByKind[githubsim.KindApp] - 1; mints < 5 {
		t.Errorf("%d tokens minted over %s of clock, want at least 5 (a lifetime is 10 min)", mints, clock.Peek().Sub(simNow))
	}
	t.Logf("%d requests, %d tokens", st.Requests, st.ByKind[githubsim.KindApp]-1)
	if got := e.c.Identity(); got != "GitHub App 123456, installation 7890123" {
		t.Errorf("identity after the pass: %q", got)
	}
	if strings.Contains(e.logs.String(), "ghs_") {
		t.Error("an installation token reached the log")
	}
}

func TestA401MidPassRenewsTheTokenOnceAndRetries(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	e := newAppEnv(t, githubsim.Options{}, time.Hour, testInstallationID, 0, &testkit.TickingClock{Start: simNow})
	e.sim.InjectFault(githubsim.Fault{PathContains: "/pulls", Status: http.StatusUnauthorized})
	e.collect(t, false)
	e.checkGroundTruth(t)
	// The installation was given: no lookup. One token, then one after the 401.
	if n := e.sim.Stats().ByKind[githubsim.KindApp]; n != 2 {
		t.Errorf("%d app requests, want 2 mints", n)
	}
}

func TestAnAppTheForgeRefusesIsOneSentenceNamingTheApp(t *testing.T) {
	e := newAppEnv(t, githubsim.Options{}, time.Hour, 0, 1, &testkit.TickingClock{Start: simNow})
	_, err := e.c.Collect(context.Background(), e.db, collectors.RunOptions{Now: func() time.Time { return simNow }})
	want := `source "gh": GitHub App 123456: looking up the installation on ` + e.org.GitHubOrg +
		` failed (401 A JSON web token could not be decoded)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if !errors.Is(err, collectors.ErrSourceWide) {
		t.Error("a refused app is not marked source-wide")
	}
	if n := testkit.Counts(t, e.db)["repos"]; n != 0 {
		t.Errorf("%d repos stored", n)
	}
}

func TestTheTokenEndpointIsNeverFollowedToAnotherHost(t *testing.T) {
	org := simorg.Generate(1, simorg.ScaleSmall, simNow)
	sim := githubsim.New(org, githubsim.Options{Now: func() time.Time { return simNow },
		App: &githubsim.AppOptions{ID: testAppID, PublicKey: &testkit.GitHubAppKey(t, 0).Key.PublicKey}})
	other := testkit.StartElsewhere(t)
	hs := httptest.NewServer(testkit.RedirectTo(sim, other.URL, func(r *http.Request) bool {
		return strings.HasSuffix(r.URL.Path, "/access_tokens")
	}))
	t.Cleanup(hs.Close)
	c, err := New(collectors.SourceConfig{Name: "gh", BaseURL: hs.URL + "/", Org: org.GitHubOrg,
		App: &collectors.GitHubApp{ID: testAppID, Key: testkit.GitHubAppKey(t, 0).Key}})
	if err != nil {
		t.Fatal(err)
	}
	c.Clock = func() time.Time { return simNow }
	_, err = c.Collect(context.Background(), newMemStore(), collectors.RunOptions{Now: func() time.Time { return simNow }})
	if err == nil || !strings.Contains(err.Error(), `"gh"`) || !strings.Contains(err.Error(), other.Host) {
		t.Fatalf("err = %v, want one naming the source and %s", err, other.Host)
	}
	if n := len(other.Requests()); n != 0 {
		t.Errorf("%d requests reached the other host (credentials %v)", n, other.CredentialHeaders())
	}
}
