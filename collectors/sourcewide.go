package collectors

import "errors"

// ErrSourceWide marks failures that no other repo can escape (a rejected token, an
// unreachable server, an unknown organisation): the pass stops instead of failing
// every repo in turn.
var ErrSourceWide = errors.New("source-wide failure")

// SourceWideError is a failure of the whole source, with its one-sentence message.
type SourceWideError struct{ Msg string }

func (e *SourceWideError) Error() string        { return e.Msg }
func (e *SourceWideError) Is(target error) bool { return target == ErrSourceWide }
