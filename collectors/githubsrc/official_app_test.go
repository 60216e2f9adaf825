package githubsrc

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/testkit"
)

// The official examples of "Get an organization installation for the
// authenticated app" and "Create an installation access token for an app"
// (fixtures/github/official): the installation's id (1) is the one tokens are
// minted for, and the token of the example is what the next request carries.
func TestTheOfficialAppExamplesAuthenticateTheCollector(t *testing.T) {
	f := newFakeGitHub(t)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(officialDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	f.setRaw("/orgs/github/installation", read("org-installation.json"))
	tokenAnswer := read("app-installation-token.json")
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || r.URL.Path != "/app/installations/1/access_tokens" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(tokenAnswer))
		return true
	}
	f.set("/orgs/github", map[string]any{"login": "github", "id": 1})
	c, err := New(collectors.SourceConfig{Name: "gh", BaseURL: f.srv.URL + "/", Org: "github",
		App: &collectors.GitHubApp{ID: 1, Key: testkit.GitHubAppKey(t, 0).Key}})
	if err != nil {
		t.Fatal(err)
	}
	// The example token expires at 2016-07-11T22:14:10Z: the clock is an hour before.
	c.Clock = func() time.Time { return time.Date(2016, 7, 11, 21, 14, 10, 0, time.UTC) }
	if _, _, err := c.gh.Organizations.Get(context.Background(), "github"); err != nil {
		t.Fatal(err)
	}
	if !f.tokens["token ghs_16C7e42F292c6912E7710c838347Ae178B4a"] {
		t.Errorf("the example's token was not sent; Authorization headers seen: %d", len(f.tokens))
	}
	if got := c.Identity(); got != "GitHub App 1, installation 1" {
		t.Errorf("identity %q", got)
	}
	if n := f.count("/app/installations/1/access_tokens"); n != 1 {
		t.Errorf("%d mints, want 1", n)
	}
}
