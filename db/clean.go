package db

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Forge data is untrusted: every string is bounded and stripped of control characters
// before it is stored, whatever the collector already did.
const (
	maxName = 1 << 10 // names, titles, branches, states, error messages
	maxText = 4 << 10 // rule texts, locations, URLs
)

// clean bounds a single-line string to maxName bytes.
func clean(s string) string { return cleanN(s, maxName, false) }

// cleanLong bounds a single-line string to maxText bytes.
func cleanLong(s string) string { return cleanN(s, maxText, false) }

// cleanText bounds a multi-line text to maxText bytes, keeping newlines and tabs.
func cleanText(s string) string { return cleanN(s, maxText, true) }

func cleanN(s string, limit int, multiline bool) string {
	// Almost every forge string is short printable ASCII: return it without copying.
	if len(s) <= limit {
		i := 0
		for ; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= 0x7f {
				break
			}
		}
		if i == len(s) {
			return s
		}
	}
	var b strings.Builder
	b.Grow(min(len(s), limit))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			continue
		case multiline && (r == '\n' || r == '\t'):
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			continue
		}
		if b.Len()+utf8.RuneLen(r) > limit {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// tokenLike matches the shapes of forge credentials, so that an error message that
// quotes a request never stores one.
var tokenLike = regexp.MustCompile(`(?i)(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|glpat-[A-Za-z0-9_\-]{16,}|(bearer|token|private-token)[ :=]+[A-Za-z0-9._\-]{12,})`)

// cleanError prepares a sync error message for storage.
func cleanError(msg string) string {
	return clean(tokenLike.ReplaceAllString(msg, "[redacted]"))
}
