package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/internal/testkit"
)

const (
	e2eAppID          = 123456
	e2eInstallationID = 7890123
)

// appVariant writes, beside f's token config, one whose source is the test
// app (installation looked up, key from $APP_KEY) and whose database is a
// fresh one; it returns the config's path and that database.
func (f *simFixture) appVariant(t *testing.T, tokenConfig string) (path, database string) {
	t.Helper()
	raw, err := os.ReadFile(tokenConfig)
	if err != nil {
		t.Fatal(err)
	}
	database = testkit.Database(t)
	cfg := strings.NewReplacer("token_env: GH_TOKEN", "app: {id: 123456, private_key_env: APP_KEY}",
		f.dbPath(), database).Replace(string(raw))
	path = filepath.Join(f.dir, "app.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, database
}

// TestAnAppCollectionOverManyTokenLifetimesStoresWhatATokenDoes: `paved
// collect` as a GitHub App, with installation tokens that last 4 minutes of a
// clock each request moves a second, mints several, never meets a 401, and
// stores row for row what a personal token's collection stores.
func TestAnAppCollectionOverManyTokenLifetimesStoresWhatATokenDoes(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	clock := &testkit.TickingClock{Start: e2eNow, Step: time.Second}
	key := testkit.GitHubAppKey(t, 0)
	f := serveOrgWith(t, sharedSmallOrg(), githubsim.Options{Token: e2eToken, Now: clock.Peek, App: &githubsim.AppOptions{
		ID: e2eAppID, InstallationID: e2eInstallationID, PublicKey: &key.Key.PublicKey, TokenLifetime: 4 * time.Minute}})
	tokenCfg := f.writeConfig(t, "acme", "")
	appCfg, appDB := f.appVariant(t, tokenCfg)

	stdout, stderr, code := runEnv(context.Background(), &env{environ: map[string]string{"APP_KEY": string(key.PKCS1)},
		now: func() time.Time { return e2eNow }, forgeClock: clock.Now}, "collect", "--config", appCfg)
	if code != 0 {
		t.Fatalf("collect as the app exited %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if n := f.sim.Refused(); n != 0 {
		t.Errorf("the simulator answered %d requests 401", n)
	}
	mints := f.sim.Stats().ByKind[githubsim.KindApp] - 1 // one lookup aside
	if mints < 3 {
		t.Errorf("%d installation tokens minted, want several", mints)
	}
	t.Logf("%d installation tokens over %s of clock", mints, clock.Peek().Sub(e2eNow))
	for _, leak := range []string{"ghs_", "PRIVATE KEY", string(key.PKCS1[40:80])} {
		if strings.Contains(stdout+stderr, leak) || fileContains(t, appDB, leak) {
			t.Errorf("%q reached the output or the database", leak)
		}
	}

	if _, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "collect", "--config", tokenCfg); code != 0 {
		t.Fatalf("collect with the token exited %d: %s", code, stderr)
	}
	clocks := clockRange{from: e2eNow, to: e2eNow}
	compareDumps(t, "the app's collection", dumpTables(t, f.dbPath(), clocks), dumpTables(t, appDB, clocks))
}

func TestABadAppConfigExitsTwoNamingTheField(t *testing.T) {
	f := startSim(t)
	appCfg, _ := f.appVariant(t, f.writeConfig(t, "acme", ""))
	cases := []struct {
		name    string
		environ map[string]string
		want    []string
	}{
		{"an unset key variable", map[string]string{}, []string{"sources[0].app.private_key_env", "APP_KEY", "not set"}},
		{"a key that is not RSA", map[string]string{"APP_KEY": "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"},
			[]string{"sources[0].app.private_key_env", "not an RSA private key"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tc.environ, "collect", "--config", appCfg)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", code, stderr)
			}
			line := oneLine(t, stderr)
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("error %q does not mention %q", line, w)
				}
			}
			if strings.Contains(line, "AAAA") {
				t.Errorf("error %q repeats the key", line)
			}
		})
	}
}
