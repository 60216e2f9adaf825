package digest

// Forge strings are untrusted. Build passes each through sanitize.Display once;
// each format then bounds it again to what it has room for and escapes what its
// markup gives meaning to.

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/paved-dev/paved/internal/sanitize"
)

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
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > sanitize.MaxText {
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
