package collectors

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
)

// Defaults of a source's deadlines (repo_timeout, pass_timeout).
const (
	DefaultRepoTimeout = 10 * time.Minute
	DefaultPassTimeout = 2 * time.Hour
)

// ErrTimedOut marks a repo's share of a pass cut short by a deadline, the
// repo's own or the pass's.
var ErrTimedOut = errors.New("timed out")

// deadline is the cause a repo's or a pass's context ends with when its time
// is up, so a timeout is told apart from the caller's cancellation (serve
// shutting down), whose cause is the caller's own.
type deadline struct {
	pass  bool // the pass's deadline, not a repo's
	after time.Duration
}

func (d *deadline) Error() string {
	scope := "repo"
	if d.pass {
		scope = "pass"
	}
	return fmt.Sprintf("%s deadline of %s reached", scope, FormatDuration(d.after))
}

// withDeadline bounds ctx by after (when positive), ending it with a deadline
// cause.
func withDeadline(ctx context.Context, pass bool, after time.Duration) (context.Context, context.CancelFunc) {
	if after <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, after, &deadline{pass: pass, after: after})
}

// deadlineOf is the deadline ctx ended on, or nil when it is live or was
// cancelled for another reason.
func deadlineOf(ctx context.Context) *deadline {
	var d *deadline
	if ctx.Err() == nil || !errors.As(context.Cause(ctx), &d) {
		return nil
	}
	return d
}

// TimeoutError is a repo cut short by a deadline: its own, while reading
// Resource, or the pass's, before it was reached (Resource empty) or while
// reading Resource.
type TimeoutError struct {
	Noun     string // "repo" or "project"
	Repo     string
	Resource string
	deadline *deadline
}

func (e *TimeoutError) Error() string {
	repo := sanitize.Line(e.Repo, sanitize.MaxName)
	after := FormatDuration(e.deadline.after)
	switch {
	case !e.deadline.pass:
		return fmt.Sprintf("%s %s: timed out after %s reading %s", e.Noun, repo, after, e.Resource)
	case e.Resource == "":
		return fmt.Sprintf("%s %s: not reached: the pass timed out after %s", e.Noun, repo, after)
	default:
		return fmt.Sprintf("%s %s: the pass timed out after %s while reading %s", e.Noun, repo, after, e.Resource)
	}
}

// Is makes a TimeoutError errors.Is ErrTimedOut.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimedOut }

// FormatDuration writes d as a config file would: 10m, 2h, 1h30m, 2s.
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
