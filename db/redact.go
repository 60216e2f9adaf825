package db

import (
	"regexp"

	"github.com/paved-dev/paved/internal/sanitize"
)

// tokenLike matches the shapes of forge credentials, so that an error message that
// quotes a request never stores one.
var tokenLike = regexp.MustCompile(`(?i)(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|glpat-[A-Za-z0-9_\-]{16,}|(bearer|token|private-token)[ :=]+[A-Za-z0-9._\-]{12,})`)

// cleanError prepares a sync error message for storage.
func cleanError(msg string) string {
	return sanitize.Flat(tokenLike.ReplaceAllString(msg, "[redacted]"), maxName)
}
