package digest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanLine(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"printable text is kept", "acme/payments-api", 100, "acme/payments-api"},
		{"control characters are dropped", "red\x1b[31m\x07bell\x7f", 100, "red[31mbell"},
		{"line breaks and tabs become single spaces", "a\r\n\tb\u2028c", 100, "a b c"},
		{"bidi overrides are dropped", "abc\u202Edef\u2066", 100, "abcdef"},
		{"invalid UTF-8 becomes the replacement character", "a\xffb", 100, "a\uFFFDb"},
		{"a long string is cut with an ellipsis within the limit", strings.Repeat("x", 50), 10, "xxxxxxx…"},
		{"a cut never splits a character", strings.Repeat("é", 50), 10, "ééé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cleanLine(tt.in, tt.limit)
			if got != tt.want || len(got) > tt.limit || !utf8.ValidString(got) {
				t.Fatalf("cleanLine(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

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
