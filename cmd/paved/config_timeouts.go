package main

import (
	"fmt"
	"time"
)

// parseTimeouts reads the source's repo_timeout and pass_timeout (Go
// durations such as 10m or 2h; empty keeps the collectors' defaults) and
// names the field at fault by field.
func (s *SourceSpec) parseTimeouts(field func(string) string) error {
	var err error
	if s.repoTimeout, err = parseTimeout(s.RepoTimeout); err != nil {
		return fmt.Errorf("%s: %w", field("repo_timeout"), err)
	}
	if s.passTimeout, err = parseTimeout(s.PassTimeout); err != nil {
		return fmt.Errorf("%s: %w", field("pass_timeout"), err)
	}
	return nil
}

func parseTimeout(raw string) (time.Duration, error) {
	if raw == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 10m or 2h", raw)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be longer than zero", raw)
	}
	return d, nil
}
