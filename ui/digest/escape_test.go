package digest

import (
	"strings"
	"testing"
)

func TestFormatEscapes(t *testing.T) {
	if got := slackEscape("a & <!channel> > b"); got != "a &amp; &lt;!channel&gt; &gt; b" {
		t.Errorf("slackEscape = %q", got)
	}
	if got := teamsPlain("[x](https://evil.example) <https://evil.example>"); strings.Contains(got, "](") || strings.Contains(got, "<h") {
		t.Errorf("teamsPlain left a link: %q", got)
	}
	for in, want := range map[string]string{
		"https://github.com/acme/x/security/1": "https://github.com/acme/x/security/1",
		"javascript:alert(1)":                  "",
		"data:text/html,<b>":                   "",
		"//evil.example/x":                     "",
		"not a url":                            "",
	} {
		if got := httpURL(in); got != want {
			t.Errorf("httpURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := truncate("abcdef", 4); got != "abc…" {
		t.Errorf("truncate = %q", got)
	}
}
