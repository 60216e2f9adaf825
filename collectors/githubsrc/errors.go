package githubsrc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/paved-dev/paved/model"
	"io"
	"net/http"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
)

// statusOf returns the HTTP status of a go-github error, or 0.
func statusOf(err error) int {
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	var rl *github.RateLimitError
	if errors.As(err, &rl) && rl.Response != nil {
		return rl.Response.StatusCode
	}
	return 0
}

// apiMessage is GitHub's own message for an error answer, cleaned to one line
// (it is forge text, bound for terminals and logs), or the status text.
func apiMessage(err error) string {
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Message != "" {
		if m := sanitize.Line(er.Message, sanitize.MaxLine); m != "" {
			return m
		}
	}
	if code := statusOf(err); code != 0 {
		return http.StatusText(code)
	}
	return ""
}

// notModified reports a 304: go-github treats it as an error response.
func notModified(resp *github.Response, err error) bool {
	if resp != nil && resp.Response != nil && resp.StatusCode == http.StatusNotModified {
		return true
	}
	return statusOf(err) == http.StatusNotModified
}

// orgError turns a failure of the first org-wide request into one sentence
// naming the source.
func (c *Collector) orgError(err error) error {
	name, org, base := c.cfg.Name, c.cfg.Org, c.gh.BaseURL.String()
	if wide, ok := appFailure(err); ok {
		return wide
	}
	if fh, ok := collectors.AsForeignHost(err); ok {
		return &collectors.SourceWideError{Msg: fh.Error()}
	}
	switch code := statusOf(err); {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("source %q: collection stopped: %w", name, err)
	case code == http.StatusUnauthorized:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: GitHub rejected the token (401 %s)", name, apiMessage(err))}
	case code == http.StatusNotFound:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: organisation %q not found at %s", name, org, base)}
	case code == http.StatusForbidden:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: GitHub refused access to organisation %q (403 %s)", name, org, apiMessage(err))}
	case code != 0:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: listing the repositories of %q failed (%d %s)", name, org, code, apiMessage(err))}
	default:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: cannot talk to GitHub at %s: %s", name, base, c.clean(collectors.RootCause(err)))}
	}
}

// repoError describes a failure of one repo's resource. A rejected token is
// source-wide: every other request would fail the same way.
func (c *Collector) repoError(repo, resource string, err error) error {
	if statusOf(err) == http.StatusUnauthorized {
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: GitHub rejected the token (401 %s)", c.cfg.Name, apiMessage(err))}
	}
	if wide, ok := appFailure(err); ok {
		return wide
	}
	if fh, ok := collectors.AsForeignHost(err); ok {
		return fmt.Errorf("repo %s: %s: %w", repo, resource, fh)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("repo %s: %s: GitHub sent malformed JSON: %s", repo, resource, c.clean(err.Error()))
	}
	return fmt.Errorf("repo %s: %s: %s", repo, resource, c.clean(err.Error()))
}

// appFailure reports a failure to authenticate as the GitHub App: every
// request would fail the same way, so it is source-wide.
func appFailure(err error) (error, bool) {
	var ae *appAuthError
	if errors.As(err, &ae) {
		return &collectors.SourceWideError{Msg: ae.msg}, true
	}
	return nil, false
}

// redact is the last guard against a server echoing the token back.
func (c *Collector) redact(s string) string {
	if c.app != nil {
		s = collectors.Redact(s, c.app.live())
	}
	return collectors.Redact(s, c.cfg.Token)
}

// clean makes an error text that may quote the forge (an error body, a URL)
// fit for terminals and logs: token redacted, one line, no control, bidi or
// zero-width characters.
func (c *Collector) clean(s string) string { return sanitize.Line(c.redact(s), sanitize.MaxLine) }

// disabledAnswer reports GitHub's "this feature is off for this repo" answers,
// which are facts about the repo, not failures.
func disabledAnswer(resource string, err error) bool {
	code := statusOf(err)
	msg := strings.ToLower(apiMessage(err))
	off := strings.Contains(msg, "disabled") || strings.Contains(msg, "not enabled") ||
		strings.Contains(msg, "advanced security")
	switch resource {
	case model.ResourceCodeScanning, model.ResourceAnalyses:
		// 404 "no analysis found" means code scanning was never set up.
		return code == http.StatusNotFound || (code == http.StatusForbidden && off)
	case model.ResourceDependabot:
		return (code == http.StatusForbidden || code == http.StatusNotFound) && off
	case model.ResourceSecrets:
		return code == http.StatusNotFound || (code == http.StatusForbidden && off)
	}
	return false
}
