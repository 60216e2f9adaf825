package digest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
)

// WebhookSender posts the digest to a Slack or Microsoft Teams incoming webhook.
// The URL is a secret: no error, log line or stored record ever holds it.
type WebhookSender struct {
	URL    string
	Kind   string       // slack or teams
	Client *http.Client // nil: a client with a 30 s timeout that follows no redirect
}

// WebhookError is a webhook's answer other than 2xx.
type WebhookError struct {
	Kind   string
	Status int
	Body   string // the start of the answer, cleaned
}

func (e *WebhookError) Error() string {
	msg := fmt.Sprintf("%s webhook answered %d", e.Kind, e.Status)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// maxAnswer bounds how much of a webhook's answer an error quotes.
const maxAnswer = 200

// Send posts the digest's payload for the webhook's kind.
func (s WebhookSender) Send(ctx context.Context, d *Digest) error {
	var payload []byte
	var err error
	switch s.Kind {
	case "slack":
		payload, err = SlackPayload(d)
	case "teams":
		payload, err = TeamsPayload(d)
	default:
		return fmt.Errorf("webhook: kind must be slack or teams, got %q", s.Kind)
	}
	if err != nil {
		return err
	}
	return s.post(ctx, payload)
}

func (s WebhookSender) post(ctx context.Context, payload []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("%s webhook: the configured URL is not valid", s.Kind)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	client := s.Client
	if client == nil {
		client = &http.Client{
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		return s.redact(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4*maxAnswer))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body := s.scrub(sanitize.Display(string(answer), 4*maxAnswer))
		return &WebhookError{Kind: s.Kind, Status: resp.StatusCode, Body: truncate(body, maxAnswer)}
	}
	return nil
}

// redactedError keeps a transport error's cause for errors.Is (a deadline, a
// cancellation) while its message names the webhook by kind, never by URL.
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

func (s WebhookSender) redact(err error) error {
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	return &redactedError{msg: fmt.Sprintf("%s webhook: %s", s.Kind, s.scrub(cause.Error())), cause: unwrapAll(cause)}
}

// scrub removes the webhook's URL from msg, and its path and query on their own:
// the token of a Slack or Teams webhook is in its path.
func (s WebhookSender) scrub(msg string) string {
	secrets := []string{s.URL}
	if u, err := url.Parse(s.URL); err == nil {
		secrets = append(secrets, u.RawQuery, u.EscapedPath(), u.Path)
	}
	for _, secret := range secrets {
		if len(secret) > 1 {
			msg = strings.ReplaceAll(msg, secret, "[webhook URL]")
		}
	}
	return msg
}

// unwrapAll is the innermost error, whose message cannot hold the URL the way a
// url.Error's does.
func unwrapAll(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
