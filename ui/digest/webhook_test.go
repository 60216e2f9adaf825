package digest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// webhook is an httptest incoming webhook that answers with status (200 unless
// set) and keeps the bodies it got.
type webhook struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	answer string
	bodies [][]byte
	types  []string
}

// secretPath stands for the token part of a real webhook URL.
const secretPath = "/services/T0000/B0000/XXXXsecretXXXX"

func startWebhook(t *testing.T) *webhook {
	t.Helper()
	w := &webhook{status: http.StatusOK, answer: "ok"}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		defer w.mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != secretPath {
			rw.WriteHeader(http.StatusNotFound)
			return
		}
		w.bodies = append(w.bodies, body)
		w.types = append(w.types, r.Header.Get("Content-Type"))
		rw.WriteHeader(w.status)
		_, _ = io.WriteString(rw, w.answer)
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *webhook) URL() string { return w.Server.URL + secretPath }

func (w *webhook) answerWith(status int, answer string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.status, w.answer = status, answer
}

func (w *webhook) received() [][]byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([][]byte(nil), w.bodies...)
}

func TestWebhookPostsThePayloadOfItsKind(t *testing.T) {
	d := buildFixture(t, nil)
	for _, kind := range []string{"slack", "teams"} {
		t.Run(kind+" gets its own JSON", func(t *testing.T) {
			hook := startWebhook(t)
			if err := (WebhookSender{URL: hook.URL(), Kind: kind}).Send(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			got := hook.received()
			if len(got) != 1 || !strings.HasPrefix(hook.types[0], "application/json") {
				t.Fatalf("%d posts, content type %v", len(got), hook.types)
			}
			if kind == "slack" {
				var msg docSlackMessage
				strictDecode(t, "posted Slack message", got[0], &msg)
				slackBlockTypes(t, "posted Slack message", msg.Blocks)
			} else {
				var msg docTeamsMessage
				strictDecode(t, "posted Teams message", got[0], &msg)
				var card docCard
				strictDecode(t, "posted card", msg.Attachments[0].Content, &card)
			}
		})
	}
}

func TestWebhookErrorsAreClearAndNeverHoldTheURL(t *testing.T) {
	d := buildFixture(t, nil)
	tests := []struct {
		name   string
		kind   string
		status int
		answer string
		want   string
	}{
		{"Slack refusing the payload", "slack", 400, "invalid_blocks", "slack webhook answered 400: invalid_blocks"},
		{"Slack failing", "slack", 500, "internal error", "slack webhook answered 500: internal error"},
		{"Teams refusing the payload", "teams", 400, "Bad payload received by generic incoming webhook.", "teams webhook answered 400: Bad payload received by generic incoming webhook."},
		{"an answer quoting the URL", "teams", 500, "no route for " + secretPath + "\x1b[2J", "teams webhook answered 500: no route for [webhook URL]"},
		{"a long answer", "slack", 503, strings.Repeat("x", 10000), "slack webhook answered 503: xxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hook := startWebhook(t)
			hook.answerWith(tt.status, tt.answer)
			err := WebhookSender{URL: hook.URL(), Kind: tt.kind}.Send(context.Background(), d)
			var werr *WebhookError
			if !errors.As(err, &werr) || werr.Status != tt.status {
				t.Fatalf("err = %v, want a WebhookError with status %d", err, tt.status)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.want) || strings.Contains(msg, "secret") || strings.ContainsRune(msg, 0x1b) || len(msg) > 300 {
				t.Fatalf("err = %q, want it to start with %q, hold no secret and stay short", truncate(msg, 400), tt.want)
			}
		})
	}
	t.Run("an unreachable webhook is named by kind, not by URL", func(t *testing.T) {
		hook := startWebhook(t)
		url := hook.URL()
		hook.Close()
		err := WebhookSender{URL: url, Kind: "slack"}.Send(context.Background(), d)
		if err == nil || strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), url) ||
			!strings.HasPrefix(err.Error(), "slack webhook: ") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a cancelled send still reads as a cancellation", func(t *testing.T) {
		hook := startWebhook(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := WebhookSender{URL: hook.URL(), Kind: "teams"}.Send(ctx, d)
		if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "secret") {
			t.Fatalf("err = %v", err)
		}
	})
}
