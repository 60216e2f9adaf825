package collectors

import (
	"strings"
	"unicode/utf8"
)

// Bounds for forge strings, in bytes. Forge data is untrusted: a repo or job name
// can be anything its owner typed, so every string is bounded before storage.
const (
	MaxName     = 512  // repo, job, step, team, branch, login, environment names
	MaxTitle    = 1024 // PR titles, URLs, locations
	MaxRuleText = 4096 // rule descriptions and advisory summaries
)

const ellipsis = "…"

// Clean makes an untrusted forge string safe to store: invalid UTF-8, C0 and C1
// control characters and bidirectional overrides (which can make a name read
// differently from what it is) are removed; tabs and line breaks become one
// space, so words stay apart in a single-line field. The result is cut to at
// most max bytes on a rune boundary, ending in "…" when cut. HTML is left as text:
// escaping is the UI's job.
func Clean(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if isClean(s) && len(s) <= max {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), max))
	lastSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			continue
		case r == '\t' || r == '\n' || r == '\r':
			if lastSpace {
				continue
			}
			r = ' '
		case isControl(r):
			continue
		}
		lastSpace = r == ' '
		b.WriteRune(r)
	}
	return truncate(b.String(), max)
}

func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	limit := max - len(ellipsis)
	if limit < 0 {
		// Too small for the ellipsis: cut without it.
		limit, max = max, 0
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if max == 0 {
		return s[:cut]
	}
	return s[:cut] + ellipsis
}

func isClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || isControl(r) {
			return false
		}
	}
	return true
}

func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional embeddings, overrides and isolates
	}
	return false
}
