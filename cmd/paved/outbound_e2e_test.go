package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/internal/testkit"
)

// hostile is what a forge can put in an error body or a repo name to rewrite a
// terminal: C0 controls (NUL, BEL, BS, VT, FF, CR, ESC sequences), DEL, the
// bidi embeddings, overrides and isolates, and the zero-width characters.
const hostile = "\x00\x01\x07\x08\x0b\x0c\r\x1b[2J\x1b]0;pwned\x07\x7f" +
	"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff"

// forbiddenOnTerminal reports the first character of out a terminal must not
// get from forge text: C0 controls but \n and \t, DEL, C1 controls, bidi
// controls and zero-width characters.
func forbiddenOnTerminal(out string) (rune, int, bool) {
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r >= 0x200b && r <= 0x200f, r == 0xfeff:
			return r, i, true
		case r == utf8.RuneError:
			return r, i, true
		}
	}
	return 0, 0, false
}

// jsonMessage is a forge's error body: {"message": msg}.
func jsonMessage(msg string) string {
	b, _ := json.Marshal(map[string]string{"message": msg})
	return string(b)
}

// rewriteList serves next's answer to list requests whose path satisfies
// match, with edit applied to every JSON object of the array.
func rewriteList(next http.Handler, match func(*http.Request) bool, edit func(map[string]any)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !match(r) {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var items []map[string]any
		body := rec.Body.Bytes()
		if rec.Code == http.StatusOK && json.Unmarshal(body, &items) == nil {
			for _, it := range items {
				edit(it)
			}
			body, _ = json.Marshal(items)
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// TestCollectTerminalOutputHoldsNoControlOrBidiCharacters: a GitHub and a
// GitLab source whose forges put control and bidi characters in a repo's name
// and in error bodies (a REST error's message, a GraphQL refusal that is
// logged). Whatever `paved collect` prints — progress lines, summary lines,
// log records, the final error — holds none of them, yet still says what the
// forge said.
func TestCollectTerminalOutputHoldsNoControlOrBidiCharacters(t *testing.T) {
	f := startSim(t)
	ghVictim := f.org.Repos("github")[0]
	failing := f.org.Repos("github")[3]
	f.sim.InjectFault(githubsim.Fault{PathContains: fmt.Sprintf("/repositories/%d/pulls?", failing.ID), Status: http.StatusUnprocessableEntity,
		Body: jsonMessage("BODY-START" + hostile + "BODY-END")})
	f.sim.InjectFault(githubsim.Fault{PathContains: "/graphql", Status: http.StatusForbidden,
		Body: jsonMessage("GQL-START" + hostile + "GQL-END")})
	gh := httptest.NewServer(rewriteList(f.sim, func(r *http.Request) bool { return r.URL.Path == "/orgs/acme/repos" },
		func(it map[string]any) {
			if id, _ := it["id"].(float64); int64(id) == ghVictim.ID {
				it["name"] = "NAME-START" + hostile + "NAME-END"
				it["full_name"] = "acme/NAME-START" + hostile + "NAME-END"
			}
		}))
	t.Cleanup(gh.Close)

	glSim := gitlabsim.New(f.org, gitlabsim.Options{Token: e2eToken})
	glVictim := f.org.Repos("gitlab")[0]
	gl := httptest.NewServer(rewriteList(glSim, func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/projects") },
		func(it map[string]any) {
			if id, _ := it["id"].(float64); int64(id) == glVictim.ID {
				it["path_with_namespace"] = glVictim.Owner + "/GLNAME-START" + hostile + "GLNAME-END"
			}
		}))
	t.Cleanup(gl.Close)
	glFailing := f.org.Repos("gitlab")[2]
	glSim.InjectFault(gitlabsim.Fault{PathContains: fmt.Sprintf("/projects/%d/merge_requests", glFailing.ID), Status: http.StatusBadRequest,
		Body: jsonMessage("GLBODY" + hostile)})

	cfg := filepath.Join(f.dir, "hostile.yaml")
	yaml := fmt.Sprintf(`database: %s
sources:
  - {name: gh, kind: github, base_url: %q, token_env: TOKEN, org: acme}
  - {name: gl, kind: gitlab, base_url: %q, token_env: TOKEN, org: acme-gl}
`, f.dbPath(), gh.URL+"/", gl.URL+"/api/v4/")
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, map[string]string{"TOKEN": e2eToken}, "collect", "--config", cfg)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a repo failed)\nstdout: %q\nstderr: %q", code, stdout, stderr)
	}
	for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if r, i, bad := forbiddenOnTerminal(out); bad {
			t.Errorf("%s holds %U at byte %d: %q", name, r, i, out[max(0, i-60):min(len(out), i+60)])
		}
	}
	all := stdout + stderr
	for _, said := range []string{"BODY-START", "BODY-END", "GQL-START", "NAME-START", "NAME-END", "GLNAME-START"} {
		if !strings.Contains(all, said) {
			t.Errorf("the output lost what the forge said (%s):\nstdout: %s\nstderr: %s", said, stdout, stderr)
		}
	}
	if strings.Contains(all, e2eToken) {
		t.Error("the token leaked")
	}
}

// TestCollectRedirectToAnotherHostFailsThatRepo: through the CLI, a GitHub
// answering one repo's runs with a 302 to another loopback address: the
// other address gets nothing, the pass exits 1 naming the source and the
// host, and nothing from that address is stored.
func TestCollectRedirectToAnotherHostFailsThatRepo(t *testing.T) {
	f := startSim(t)
	victim := f.org.Repos("github")[1]
	other := testkit.StartElsewhere(t)
	other.Body = `{"total_count":1,"workflow_runs":[{"id":987654321,"name":"from elsewhere","status":"completed","conclusion":"success",` +
		`"created_at":"2026-11-17T00:00:00Z","updated_at":"2026-11-17T00:00:00Z","run_attempt":1,"event":"push","head_branch":"main"}]}`
	runs := fmt.Sprintf("/repositories/%d/actions/runs", victim.ID)
	front := httptest.NewServer(testkit.RedirectTo(f.sim, other.URL, func(r *http.Request) bool { return r.URL.Path == runs }))
	t.Cleanup(front.Close)
	f.url = front.URL + "/"
	cfg := f.writeConfig(t, "acme", "")
	stdout, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "collect", "--config", cfg)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if n := len(other.Requests()); n != 0 {
		t.Fatalf("the other host got %d requests, credential headers %v", n, other.CredentialHeaders())
	}
	want := `source "gh": the forge redirected to ` + other.Host + ", another host; not followed"
	if !strings.Contains(stdout, victim.FullName) || !strings.Contains(stdout, want) || !strings.Contains(stdout, "1 failed") {
		t.Errorf("the summary does not name the repo, the source and the host:\n%s", stdout)
	}
	d := testkit.OpenDBAt(t, f.dbPath())
	defer d.Close()
	var victimRuns, foreign, otherRuns int
	if err := d.Reader().QueryRow(`SELECT count(*) FROM runs r JOIN repos p ON p.id = r.repo_id WHERE p.full_name = ?`, victim.FullName).Scan(&victimRuns); err != nil {
		t.Fatal(err)
	}
	if err := d.Reader().QueryRow(`SELECT count(*) FROM runs WHERE forge_id = 987654321 OR name = 'from elsewhere'`).Scan(&foreign); err != nil {
		t.Fatal(err)
	}
	if err := d.Reader().QueryRow(`SELECT count(*) FROM runs`).Scan(&otherRuns); err != nil {
		t.Fatal(err)
	}
	if victimRuns != 0 || foreign != 0 || otherRuns == 0 {
		t.Errorf("runs: %d stored for the redirected repo, %d from the other host, %d in all", victimRuns, foreign, otherRuns)
	}
	if strings.Contains(stdout+stderr, e2eToken) || fileContains(t, f.dbPath(), e2eToken) {
		t.Error("the token leaked")
	}
}

// TestConfigBaseURLCredentialsAndPlainHTTP: base_url with credentials (user-
// info, a token-like query parameter, a forge token), an unparseable one, and
// http:// to a remote host are config errors: exit 2, naming the field, never
// repeating the value; nothing is written. http:// to loopback is fine, and to
// a remote host with allow_insecure_http (file or environment).
func TestConfigBaseURLCredentialsAndPlainHTTP(t *testing.T) {
	const secret = "ghp_S3cretValueNeverEchoed0123456789"
	cases := []struct {
		name, baseURL, extra string
		environ              map[string]string
		want                 []string
	}{
		{name: "user-info", baseURL: "https://x-token:" + secret + "@ghe.example.com/api/v3/",
			want: []string{"sources[0].base_url", "credentials"}},
		{name: "a token in the query", baseURL: "https://ghe.example.com/api/v3/?access_token=" + secret,
			want: []string{"sources[0].base_url", "credentials", "access_token"}},
		{name: "a private_token in the query, any case", baseURL: "https://gitlab.example.com/api/v4/?Private_Token=" + secret,
			want: []string{"sources[0].base_url", "credentials"}},
		{name: "a signature in the query", baseURL: "https://gitlab.example.com/api/v4/?sig=" + secret,
			want: []string{"sources[0].base_url", "credentials"}},
		{name: "an unparseable URL", baseURL: "https://user:" + secret + "@ghe.example.com:port/",
			want: []string{"sources[0].base_url", "not a valid URL"}},
		{name: "an unparseable URL in the environment", baseURL: "https://api.github.com/",
			environ: map[string]string{"PAVED_SOURCES_0_BASE_URL": "http://[::1" + secret},
			want:    []string{"sources[0].base_url", "not a valid URL"}},
		{name: "http to a remote host", baseURL: "http://ghe.example.com/api/v3/",
			want: []string{"sources[0].base_url", "allow_insecure_http", "ghe.example.com"}},
		{name: "http to loopback", baseURL: "http://127.0.0.1:9/"},
		{name: "http to localhost", baseURL: "http://localhost:9/api/v3/"},
		{name: "http to a remote host, allowed", baseURL: "http://ghe.example.com/api/v3/", extra: "    allow_insecure_http: true\n"},
		{name: "http to a remote host, allowed in the environment", baseURL: "http://ghe.example.com/api/v3/",
			environ: map[string]string{"PAVED_SOURCES_0_ALLOW_INSECURE_HTTP": "true"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dbPath := filepath.Join(dir, "paved.db")
			cfg := filepath.Join(dir, "paved.yaml")
			yaml := fmt.Sprintf("database: %s\nsources:\n  - name: gh\n    kind: github\n    base_url: %q\n    token_env: GH_TOKEN\n    org: acme\n%s",
				dbPath, tc.baseURL, tc.extra)
			if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			environ := map[string]string{"GH_TOKEN": e2eToken}
			for k, v := range tc.environ {
				environ[k] = v
			}
			if len(tc.want) == 0 {
				if _, err := parseConfig(cfg, []byte(yaml), environ); err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			stdout, stderr, code := runCLI(t, environ, "migrate", "--config", cfg)
			if code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			line := oneLine(t, stderr)
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("error %q does not name %q", line, w)
				}
			}
			if strings.Contains(stdout+stderr, secret) || strings.Contains(stdout+stderr, "S3cret") {
				t.Errorf("the error repeats the secret: %q", stderr)
			}
			if _, err := os.Stat(dbPath); err == nil && fileContains(t, dbPath, secret) {
				t.Error("the secret reached the database")
			}
		})
	}
}

// TestLogRecordsAreCleaned: the slog handler every command logs through
// cleans forge text in messages and attributes, errors included.
func TestLogRecordsAreCleaned(t *testing.T) {
	var buf bytes.Buffer
	e := &env{stderr: &buf}
	log := e.logger().With("repo", "acme/x"+hostile)
	log.Warn("forge said"+hostile, "reason", "r"+hostile, "err", fmt.Errorf("e%s", hostile), "n", 3)
	out := buf.String()
	if r, i, bad := forbiddenOnTerminal(strings.TrimSuffix(out, "\n")); bad {
		t.Errorf("log holds %U at %d: %q", r, i, out)
	}
	if strings.Contains(out, `\x1b`) || strings.Contains(out, `\u202e`) || strings.Contains(out, `\r`) {
		t.Errorf("log shows escaped controls: %q", out)
	}
	for _, w := range []string{"acme/x", "forge said", "reason=", "err=", "n=3"} {
		if !strings.Contains(out, w) {
			t.Errorf("log lost %q: %q", w, out)
		}
	}
}
