// Package sanitize makes untrusted forge strings safe to store and show. Forge
// data is untrusted: a repo or job name can be anything its owner typed, so every
// string is bounded and stripped before it is stored, and again before a digest
// shows it.
//
// Every function removes C0 and C1 control characters, bidirectional controls
// (which can make a name read differently from what it is) and invisible
// zero-width characters, and cuts the result to at most limit bytes on a rune
// boundary, ending in "…" when cut (without it when limit is under 3 bytes).
// They differ only in what becomes of line breaks, tabs and invalid UTF-8;
// Terminal, for terminals and logs, also removes the zero-width joiners and
// every other invisible format character. HTML is left as text: escaping is
// the renderer's job.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds, in bytes.
const (
	MaxName = 512  // names a collector reads: repo, job, step, team, branch, login, environment
	MaxLine = 1024 // any other single line: titles, URLs, locations, error messages
	MaxText = 4096 // rule descriptions, advisory summaries, long single lines
)

const ellipsis = "…"

// breaks says what becomes of line breaks (\n, \r, U+2028, U+2029) and tabs.
type breaks uint8

const (
	toSpace  breaks = iota // each run of them becomes one space
	drop                   // they are removed, joining what they separated
	keepText               // \n and \t are kept, \r and U+2028/U+2029 removed
	collapse               // every run of whitespace becomes one space, none at either end
)

// Line makes s a single line: a run of line breaks and tabs becomes one space, so
// words stay apart; invalid UTF-8 bytes are removed. Collectors clean every forge
// string with it.
func Line(s string, limit int) string { return clean(s, limit, toSpace, false) }

// Flat makes s a single line by removing line breaks and tabs; invalid UTF-8
// bytes are removed. The store bounds single-line columns with it.
func Flat(s string, limit int) string { return clean(s, limit, drop, false) }

// Text keeps s multi-line: newlines and tabs stay, carriage returns and Unicode
// line separators go; invalid UTF-8 bytes are removed.
func Text(s string, limit int) string { return clean(s, limit, keepText, false) }

// Display makes s one line of text to show: every run of whitespace becomes one
// space, with none at either end (nor before the "…" of a cut), and each run of
// invalid UTF-8 bytes becomes U+FFFD.
func Display(s string, limit int) string { return clean(s, limit, collapse, true) }

// Terminal is Line for text bound for a terminal or a log: besides what Line
// removes, every other format character (Unicode category Cf: zero-width
// joiners, soft hyphens, tag characters…) goes too. A terminal shows text
// cell by cell, and there an invisible character only hides a difference.
func Terminal(s string, limit int) string {
	line := Line(s, limit)
	if plainASCII(line, false) {
		return line
	}
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, line)
}

func clean(s string, limit int, mode breaks, replaceInvalid bool) string {
	if limit <= 0 {
		return ""
	}
	// Almost every forge string is short printable ASCII: return it without copying.
	if len(s) <= limit && plainASCII(s, mode == collapse) {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), limit+len(ellipsis)))
	lastSpace, pendingSpace := false, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			if !replaceInvalid {
				continue
			}
			for i < len(s) { // one U+FFFD for a run of invalid bytes
				if r2, n := utf8.DecodeRuneInString(s[i:]); r2 != utf8.RuneError || n != 1 {
					break
				}
				i++
			}
		}
		switch {
		case isBreak(r) || mode == collapse && r == ' ':
			switch {
			case mode == toSpace && !lastSpace:
				r = ' '
			case mode == keepText && (r == '\n' || r == '\t'):
			case mode == collapse:
				pendingSpace = b.Len() > 0
				continue
			default:
				continue
			}
		case removed(r):
			continue
		}
		if b.Len() > limit {
			break // it will be cut: the rest cannot show
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteRune(r)
		lastSpace = r == ' '
	}
	return cut(b.String(), limit, mode == collapse)
}

// cut bounds s to limit bytes on a rune boundary, ending a cut string in "…";
// trimSpace drops spaces left before the "…".
func cut(s string, limit int, trimSpace bool) string {
	if len(s) <= limit {
		return s
	}
	keep := limit - len(ellipsis)
	if keep < 0 { // too small for the ellipsis: cut without it
		return s[:runeStart(s, limit)]
	}
	head := s[:runeStart(s, keep)]
	if trimSpace {
		head = strings.TrimRight(head, " ")
	}
	return head + ellipsis
}

// runeStart backs n up to the start of the rune it falls in; n < len(s).
func runeStart(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// removed reports the characters every function removes: control characters,
// bidirectional controls and invisible zero-width characters.
func removed(r rune) bool {
	return unicode.IsControl(r) && !isBreak(r) || isBidiControl(r) || isZeroWidth(r)
}

func isBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\t' || r == '\u2028' || r == '\u2029'
}

// isBidiControl reports the explicit direction controls that can make text display
// in an order other than the one it is read in.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// isZeroWidth reports the invisible characters that only hide a difference:
// zero-width space, word joiner and the byte order mark. Zero-width (non-)joiners
// stay: scripts and emoji need them.
func isZeroWidth(r rune) bool {
	return r == '\u200B' || r == '\u2060' || r == '\uFEFF'
}

// plainASCII reports whether s is printable ASCII that no function changes; with
// collapse, without a space at either end or two in a row.
func plainASCII(s string, collapse bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
		if collapse && c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}
