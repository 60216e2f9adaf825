package collectors

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	long := strings.Repeat("a", 10*1024)
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"a plain name is kept as is", "acme/payments-api", MaxName, "acme/payments-api"},
		{"an empty string stays empty", "", MaxName, ""},
		{"a NUL byte is removed", "build\x00job", MaxName, "buildjob"},
		{"an ANSI escape loses its ESC", "\x1b[31mred", MaxName, "[31mred"},
		{"a C1 control is removed", "ab\u0085c\u009b", MaxName, "abc"},
		{"DEL is removed", "a\x7fb", MaxName, "ab"},
		{"a newline becomes a space", "line one\nline two", MaxName, "line one line two"},
		{"CRLF and tabs become a single space", "a\r\n\tb", MaxName, "a b"},
		{"invalid UTF-8 bytes are removed", "ok\xff\xfeok", MaxName, "okok"},
		{"a bidi override is removed", "file\u202egpj.exe", MaxName, "filegpj.exe"},
		{"script tags stay as text for the UI to escape", "<script>alert(1)</script>", MaxName, "<script>alert(1)</script>"},
		{"non-ASCII letters are kept", "Zürich 東京", MaxName, "Zürich 東京"},
		{"a 10 kB string is cut to the bound with an ellipsis", long, MaxName, strings.Repeat("a", MaxName-3) + "…"},
		{"a string exactly at the bound is not cut", strings.Repeat("b", 16), 16, strings.Repeat("b", 16)},
		{"a cut never splits a rune", "ééééé", 8, "éé…"},
		{"a bound smaller than the ellipsis cuts without it", "abcdef", 2, "ab"},
		{"a zero bound gives nothing", "abc", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in, tt.max)
			if got != tt.want {
				t.Fatalf("Clean(%q, %d) = %q, want %q", trunc(tt.in), tt.max, trunc(got), trunc(tt.want))
			}
			if len(got) > tt.max {
				t.Fatalf("result is %d bytes, over the bound %d", len(got), tt.max)
			}
			if !utf8.ValidString(got) {
				t.Fatalf("result is not valid UTF-8: %q", got)
			}
		})
	}
}

func TestCleanBoundsEveryKindOfString(t *testing.T) {
	big := strings.Repeat("é\x01", 10*1024)
	for _, max := range []int{MaxName, MaxTitle, MaxRuleText} {
		got := Clean(big, max)
		if len(got) > max || !strings.HasSuffix(got, "…") || strings.ContainsRune(got, 1) {
			t.Errorf("Clean to %d bytes gave %d bytes (suffix ok %v)", max, len(got), strings.HasSuffix(got, "…"))
		}
	}
}

func trunc(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
