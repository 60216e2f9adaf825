package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	long := strings.Repeat("a", 10*1024)
	type fn func(string, int) string
	tests := []struct {
		name  string
		f     fn
		in    string
		limit int
		want  string
	}{
		// Line: what collectors store (formerly collectors.Clean).
		{"a plain name is kept as is", Line, "acme/payments-api", MaxName, "acme/payments-api"},
		{"an empty string stays empty", Line, "", MaxName, ""},
		{"a NUL byte is removed", Line, "build\x00job", MaxName, "buildjob"},
		{"an ANSI escape loses its ESC", Line, "\x1b[31mred", MaxName, "[31mred"},
		{"a C1 control is removed", Line, "ab\u0085c\u009b", MaxName, "abc"},
		{"DEL is removed", Line, "a\x7fb", MaxName, "ab"},
		{"a newline becomes a space", Line, "line one\nline two", MaxName, "line one line two"},
		{"CRLF and tabs become a single space", Line, "a\r\n\tb", MaxName, "a b"},
		{"invalid UTF-8 bytes are removed", Line, "ok\xff\xfeok", MaxName, "okok"},
		{"a bidi override is removed", Line, "file\u202egpj.exe", MaxName, "filegpj.exe"},
		{"script tags stay as text for the UI to escape", Line, "<script>alert(1)</script>", MaxName, "<script>alert(1)</script>"},
		{"non-ASCII letters are kept", Line, "Zürich 東京", MaxName, "Zürich 東京"},
		{"a 10 kB string is cut to the bound with an ellipsis", Line, long, MaxName, strings.Repeat("a", MaxName-3) + "…"},
		{"a string exactly at the bound is not cut", Line, strings.Repeat("b", 16), 16, strings.Repeat("b", 16)},
		{"a cut never splits a rune", Line, "ééééé", 8, "éé…"},
		{"a bound smaller than the ellipsis cuts without it", Line, "abcdef", 2, "ab"},
		{"a zero bound gives nothing", Line, "abc", 0, ""},
		{"zero-width and bidi marks are removed", Line, "pay\u200Bments\u200E\u2060\uFEFF", MaxName, "payments"},
		{"zero-width joiners stay", Line, "a\u200Db\u200Cc", MaxName, "a\u200Db\u200Cc"},
		{"a Unicode line separator becomes a space", Line, "a\u2028b", MaxName, "a b"},

		// Flat and Text: what the store keeps (formerly db's clean and cleanText).
		{"flat: control characters are stripped", Flat, "acme/x\x1b[31m\x00", MaxLine, "acme/x[31m"},
		{"flat: line breaks are stripped", Flat, "a\r\nb\u2028c", MaxLine, "abc"},
		{"flat: a bidi override is removed", Flat, "a\u202Eb", MaxLine, "ab"},
		{"flat: a cut never splits a rune", Flat, strings.Repeat("é", 2000), MaxLine, strings.Repeat("é", 510) + "…"},
		{"text: newlines and tabs are kept, the bell and CR dropped", Text, "line one\r\nline\ttwo\x07", MaxText, "line one\nline\ttwo"},
		{"text: a long text is cut to the bound", Text, long, MaxText, strings.Repeat("a", MaxText-3) + "…"},

		// Display: what a digest shows (formerly the digest's cleanLine).
		{"printable text is kept", Display, "acme/payments-api", 100, "acme/payments-api"},
		{"control characters are dropped", Display, "red\x1b[31m\x07bell\x7f", 100, "red[31mbell"},
		{"line breaks and tabs become single spaces", Display, "a\r\n\tb\u2028c", 100, "a b c"},
		{"bidi overrides are dropped", Display, "abc\u202Edef\u2066", 100, "abcdef"},
		{"invalid UTF-8 becomes the replacement character", Display, "a\xffb", 100, "a\uFFFDb"},
		{"a run of invalid bytes becomes one replacement character", Display, "a\xff\xfeb", 100, "a\uFFFDb"},
		{"a long string is cut with an ellipsis within the limit", Display, strings.Repeat("x", 50), 10, "xxxxxxx…"},
		{"a cut never splits a character", Display, strings.Repeat("é", 50), 10, "ééé…"},
		{"spaces collapse and none is left at either end", Display, "  a  \t b \n", 100, "a b"},
		{"no space is left before the ellipsis", Display, "abcdef   ghijkl", 10, "abcdef…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f(tt.in, tt.limit)
			if got != tt.want {
				t.Fatalf("(%q, %d) = %q, want %q", trunc(tt.in), tt.limit, trunc(got), trunc(tt.want))
			}
			if len(got) > max(tt.limit, 0) {
				t.Fatalf("result is %d bytes, over the bound %d", len(got), tt.limit)
			}
			if !utf8.ValidString(got) {
				t.Fatalf("result is not valid UTF-8: %q", got)
			}
		})
	}
}

func TestEveryFunctionBoundsEveryKindOfString(t *testing.T) {
	big := strings.Repeat("é\x01", 10*1024)
	for _, f := range []func(string, int) string{Line, Flat, Text, Display} {
		for _, limit := range []int{MaxName, MaxLine, MaxText} {
			got := f(big, limit)
			if len(got) > limit || !strings.HasSuffix(got, "…") || strings.ContainsRune(got, 1) {
				t.Errorf("cut to %d bytes gave %d bytes (suffix ok %v)", limit, len(got), strings.HasSuffix(got, "…"))
			}
		}
	}
}

func trunc(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func TestTerminalLeavesNoControlBidiOrInvisibleCharacter(t *testing.T) {
	in := "a\x00b\x07c\x1b[31md\r\ne\x7f\u0085f\u202a\u202eg\u2066\u2069h\u200b\u200c\u200d\u200e\u200fi\ufeff\u00adj\U000E0041k\u2060l"
	if got, want := Terminal(in, MaxLine), "abc[31md efghijkl"; got != want {
		t.Errorf("Terminal = %q, want %q", got, want)
	}
	if got := Terminal("plain ascii", MaxLine); got != "plain ascii" {
		t.Errorf("plain text changed: %q", got)
	}
	if got := Terminal("ok\xffé", MaxLine); got != "oké" {
		t.Errorf("invalid UTF-8: %q", got)
	}
}
