package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/internal/testkit"
)

// TestCollectGitLabBadInputFailsWithOneSentence mirrors the GitHub cases for a
// GitLab source: a rejected token, an unknown group and a malformed page.
func TestCollectGitLabBadInputFailsWithOneSentence(t *testing.T) {
	cases := []struct {
		name     string
		token    string
		group    string
		fault    *gitlabsim.Fault
		wantCode int
		want     []string
		stored   bool
	}{
		{name: "a token GitLab rejects", token: "wrong", group: "acme-gl", wantCode: 1, want: []string{`"gl"`, "401"}},
		{name: "a group that does not exist", token: e2eToken, group: "no-such-group", wantCode: 1, want: []string{`"gl"`, "no-such-group", "not found"}},
		{name: "a malformed page fails that project only", token: e2eToken, group: "acme-gl",
			fault: &gitlabsim.Fault{PathContains: "/merge_requests?", Malformed: true}, wantCode: 1, want: []string{"gl: "}, stored: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := startSim(t)
			gl := gitlabsim.New(f.org, gitlabsim.Options{Token: e2eToken})
			if tc.fault != nil {
				gl.InjectFault(*tc.fault)
			}
			url := testkit.StartSim(t, gitlabsim.Start, gl)
			cfgPath := filepath.Join(f.dir, "gl.yaml")
			cfg := fmt.Sprintf("database: %s\nsources:\n  - {name: gl, kind: gitlab, base_url: %q, token_env: GL_TOKEN, org: %s}\n",
				f.dbPath(), url, tc.group)
			if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := runCLI(t, map[string]string{"GL_TOKEN": tc.token}, "collect", "--config", cfgPath)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.wantCode, stdout, stderr)
			}
			text := oneLine(t, stderr)
			if tc.stored {
				text = stdout
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q does not mention %q", text, w)
				}
			}
			n := totalFacts(factCountsIfAny(t, f.dbPath()))
			if !tc.stored && n != 0 {
				t.Errorf("%d facts stored after a source-wide failure", n)
			}
			if tc.stored && (n == 0 || !strings.Contains(stdout, "1 failed")) {
				t.Errorf("the other projects were not collected (%d facts) or the failure was not counted:\n%s", n, stdout)
			}
			if strings.Contains(stdout+stderr, e2eToken) || fileContains(t, f.dbPath(), e2eToken) {
				t.Error("the token leaked")
			}
		})
	}
}
