package digest

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Forge strings are untrusted. Build passes each through cleanLine once, and each
// format bounds it again to what it has room for.
const (
	maxName = 1 << 10 // team, repo, rule and location names
	maxText = 4 << 10 // rule texts
)

// cleanLine makes s one line of printable text of at most limit bytes: control and
// bidi-override characters go, newlines and tabs become spaces, invalid UTF-8
// becomes U+FFFD, and a cut string ends in "…".
func cleanLine(s string, limit int) string {
	var b strings.Builder
	b.Grow(min(len(s), limit))
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == ' ' || r == '\u2028' || r == '\u2029':
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r) || isBidiControl(r):
			continue
		}
		if b.Len() > limit {
			break // it will be cut: the rest cannot show
		}
		b.WriteRune(r)
		space = false
	}
	out := strings.TrimRight(b.String(), " ")
	if len(out) <= limit {
		return out
	}
	cut := limit - len("…")
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return strings.TrimRight(out[:cut], " ") + "…"
}

// isBidiControl reports the explicit direction controls that can make text display
// in an order other than the one it is read in.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// truncate bounds an already clean string to limit runes, ending a cut one in "…".
func truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)
	return strings.TrimRight(string(runes[:limit-1]), " ") + "…"
}

// httpURL returns s when it is an absolute http or https URL, else "": a forge's
// link must not become a javascript: or data: link in a message.
func httpURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > maxText {
		return ""
	}
	return u.String()
}

// slackEscape escapes the three characters Slack's mrkdwn gives meaning to inside
// <…> (links, mentions, @channel), as Slack's formatting guide asks. Other mrkdwn
// marks (* _ ~ `) only change emphasis and are left as they are.
func slackEscape(s string) string {
	return slackEscaper.Replace(s)
}

var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// teamsPlain keeps Adaptive Card markdown from turning forge text into a link: a
// zero-width space between "]" and "(" (or "<" of an autolink) breaks the syntax
// while the text reads the same.
func teamsPlain(s string) string {
	return teamsDefuser.Replace(s)
}

var teamsDefuser = strings.NewReplacer("](", "]\u200B(", "<", "<\u200B")
