package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/paved-dev/paved/db"
)

// defaultAuditRetention is how long audit events are kept when audit_retention is
// not set: 365 days.
const defaultAuditRetention = 365 * 24 * time.Hour

// maxAgeDays bounds an "Nd" age, far beyond any useful one and far from overflow.
const maxAgeDays = 100 * 366

// retentionSpec is the audit_retention setting: a positive age written as days
// ("365d") or a Go duration ("8760h"); zero means the default.
type retentionSpec time.Duration

// UnmarshalText reads audit_retention from the environment (and YAML strings).
func (r *retentionSpec) UnmarshalText(text []byte) error {
	d, err := parseAge(string(text))
	if err != nil {
		return fmt.Errorf("audit_retention: %w", err)
	}
	*r = retentionSpec(d)
	return nil
}

// UnmarshalYAML reads audit_retention, refusing a bare number, whose unit would be a
// guess.
func (r *retentionSpec) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.ScalarNode || node.Tag != "!!str" {
		return fmt.Errorf("line %d: audit_retention: %q is not an age such as 365d or 8760h", node.Line, node.Value)
	}
	if err := r.UnmarshalText([]byte(node.Value)); err != nil {
		return fmt.Errorf("line %d: %w", node.Line, err)
	}
	return nil
}

// auditRetention is how long audit events are kept.
func (c *Config) auditRetention() time.Duration {
	if c.AuditRetention <= 0 {
		return defaultAuditRetention
	}
	return time.Duration(c.AuditRetention)
}

// parseAge reads a positive age: whole days ("90d") or a Go duration ("36h", "90m").
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 || days > maxAgeDays {
			return 0, fmt.Errorf("%q is not a number of days from 1 to %d, such as 90d", s, maxAgeDays)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an age such as 90d or 36h", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be longer than zero", s)
	}
	return d, nil
}

// pruneAudit deletes the audit events older than retention at now (retention ≤ 0:
// the default) and returns how many it deleted.
func pruneAudit(ctx context.Context, d *db.DB, retention time.Duration, now time.Time) (int64, error) {
	if d == nil {
		return 0, errors.New("prune audit log: no database")
	}
	if retention <= 0 {
		retention = defaultAuditRetention
	}
	return d.PruneAudit(ctx, now.Add(-retention))
}
