package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/sanitize"
)

// Forge text (repo names, error bodies, messages) reaches the terminal and the
// logs through progress lines, summary lines, slog records and the final error.
// Each is cleaned like on pages: one line, no control characters (NUL, ESC,
// BEL, CR…), no bidi or zero-width characters, bounded. The cleaning is
// internal/sanitize's; these are only the places it is applied.

// termLine cleans one piece of text for a terminal line.
func termLine(s string) string { return sanitize.Terminal(s, sanitize.MaxText) }

// cleanError shows err as one clean line; errors.As and errors.Is still see
// what it wraps (a usageError keeps its exit status).
type cleanError struct{ err error }

func (e cleanError) Error() string { return termLine(e.err.Error()) }
func (e cleanError) Unwrap() error { return e.err }

// cleanCommandErrors makes every command under root return its errors as
// cleanError: whatever prints them ("paved: …") prints clean text.
func cleanCommandErrors(root *cobra.Command) {
	if run := root.RunE; run != nil {
		root.RunE = func(cmd *cobra.Command, args []string) error {
			if err := run(cmd, args); err != nil {
				return cleanError{err}
			}
			return nil
		}
	}
	for _, c := range root.Commands() {
		cleanCommandErrors(c)
	}
}

// cleanHandler cleans the message and every string-like attribute of a record
// before the handler under it writes it.
type cleanHandler struct{ next slog.Handler }

func newCleanHandler(next slog.Handler) slog.Handler { return cleanHandler{next: next} }

func (h cleanHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h cleanHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, termLine(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(cleanAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h cleanHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = cleanAttr(a)
	}
	return cleanHandler{next: h.next.WithAttrs(clean)}
}

func (h cleanHandler) WithGroup(name string) slog.Handler {
	return cleanHandler{next: h.next.WithGroup(termLine(name))}
}

func cleanAttr(a slog.Attr) slog.Attr {
	a.Key = termLine(a.Key)
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(termLine(v.String()))
	case slog.KindGroup:
		group := v.Group()
		clean := make([]slog.Attr, len(group))
		for i, g := range group {
			clean[i] = cleanAttr(g)
		}
		a.Value = slog.GroupValue(clean...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			a.Value = slog.StringValue(termLine(x.Error()))
		case fmt.Stringer:
			a.Value = slog.StringValue(termLine(x.String()))
		case []byte:
			a.Value = slog.StringValue(termLine(string(x)))
		default:
			a.Value = slog.StringValue(termLine(fmt.Sprint(x)))
		}
	default:
		a.Value = v
	}
	return a
}
