package gitlabsrc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
)

// errMalformed marks an answer that is not the JSON GitLab documents.
var errMalformed = errors.New("malformed answer")

// statusOf returns the HTTP status of a client-go error, or 0. GraphQL
// failures wrap the REST error without unwrapping to it.
func statusOf(err error) int {
	var er *gitlab.ErrorResponse
	if errors.As(err, &er) {
		return er.StatusCode
	}
	var ge *gitlab.GraphQLResponseError
	if errors.As(err, &ge) && ge.Err != nil {
		return statusOf(ge.Err)
	}
	return 0
}

// statusText is "401 Unauthorized" for a status.
func statusText(code int) string {
	return fmt.Sprintf("%d %s", code, http.StatusText(code))
}

func (c *Collector) tokenRejected() error {
	return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: GitLab rejected the token (%s)", c.cfg.Name, statusText(http.StatusUnauthorized))}
}

// groupError turns a failure of the first group request into one sentence
// naming the source.
func (c *Collector) groupError(err error) error {
	name, base := c.cfg.Name, c.baseURL()
	if fh, ok := collectors.AsForeignHost(err); ok {
		return &collectors.SourceWideError{Msg: fh.Error()}
	}
	switch code := statusOf(err); {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("source %q: collection stopped: %w", name, err)
	case code == http.StatusUnauthorized:
		return c.tokenRejected()
	case code == http.StatusNotFound:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: group %q not found at %s", name, c.group, base)}
	case code == http.StatusForbidden:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: GitLab refused access to group %q (%s)", name, c.group, statusText(code))}
	case isMalformed(err):
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: GitLab at %s sent malformed JSON for group %q", name, base, c.group)}
	case code != 0:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: reading group %q failed (%s)", name, c.group, statusText(code))}
	default:
		return &collectors.SourceWideError{Msg: fmt.Sprintf("source %q: cannot talk to GitLab at %s: %s", name, base, c.clean(collectors.RootCause(err)))}
	}
}

// projectError describes a failure of one project's resource as a sentence
// naming both. A rejected token is source-wide: every other request would
// fail the same way.
func (c *Collector) projectError(project, resource string, err error) error {
	project = sanitize.Line(project, sanitize.MaxName)
	if fh, ok := collectors.AsForeignHost(err); ok {
		return fmt.Errorf("project %s: %s: %w", project, resource, fh)
	}
	switch {
	case statusOf(err) == http.StatusUnauthorized:
		return c.tokenRejected()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("project %s: %s: collection stopped: %w", project, resource, err)
	case isMalformed(err):
		return fmt.Errorf("project %s: %s: GitLab sent malformed JSON (%s); the page was not stored: %w",
			project, resource, c.clean(collectors.RootCause(err)), errMalformed)
	case statusOf(err) != 0:
		return fmt.Errorf("project %s: %s: GitLab answered %s", project, resource, statusText(statusOf(err)))
	}
	return fmt.Errorf("project %s: %s: %s", project, resource, c.clean(err.Error()))
}

func isMalformed(err error) bool {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, errMalformed)
}

// redact is the last guard against a server echoing the token back.
func (c *Collector) redact(s string) string { return collectors.Redact(s, c.cfg.Token) }

// clean makes an error text that may quote the forge (an error body, a URL)
// fit for terminals and logs: token redacted, one line, no control, bidi or
// zero-width characters.
func (c *Collector) clean(s string) string { return sanitize.Line(c.redact(s), sanitize.MaxLine) }

func (c *Collector) redactErr(err error) error {
	return errors.New(c.redact(err.Error()))
}
