package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestDigestPreviewsAndSendsOncePerWeek(t *testing.T) {
	f := startSim(t)
	var posts atomic.Int32
	var lastBody atomic.Value
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		lastBody.Store(string(b))
		posts.Add(1)
		io.WriteString(w, "ok")
	}))
	defer hook.Close()
	cfg := f.writeConfig(t, "acme", "url: https://paved.example.test/\ndigest:\n  slack_webhook_env: SLACK_URL\n")
	environ := map[string]string{"GH_TOKEN": e2eToken, "SLACK_URL": hook.URL + "/services/T000/B000/XXXX"}
	if _, stderr, code := runCLI(t, environ, "collect", "--config", cfg); code != 0 {
		t.Fatalf("collect: %s", stderr)
	}

	out := filepath.Join(f.dir, "digest.html")
	if _, stderr, code := runCLI(t, environ, "digest", "--config", cfg, "--week", "2026-W47", "--out", out); code != 0 {
		t.Fatalf("digest --out exited %d: %s", code, stderr)
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "https://paved.example.test/teams/payments") || !strings.Contains(string(html), "2026-W47") {
		t.Errorf("digest preview lacks the week or the dashboard link")
	}

	for i := 0; i < 2; i++ {
		stdout, stderr, code := runCLI(t, environ, "digest", "--config", cfg, "--week", "2026-W47", "--send")
		if code != 0 {
			t.Fatalf("digest --send #%d exited %d: %s %s", i+1, code, stdout, stderr)
		}
	}
	if n := posts.Load(); n != 1 {
		t.Fatalf("the Slack webhook got %d posts for one week, want 1", n)
	}
	if body, _ := lastBody.Load().(string); !strings.Contains(body, `"blocks"`) {
		t.Errorf("the Slack post is not a Block Kit payload: %.200s", body)
	}
}

func TestDigestSendWithoutChannelsIsAUsageError(t *testing.T) {
	f := startSim(t)
	cfg := f.writeConfig(t, "acme", "")
	_, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": e2eToken}, "digest", "--config", cfg, "--send")
	if code != 2 || !strings.Contains(stderr, "no channel configured") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
