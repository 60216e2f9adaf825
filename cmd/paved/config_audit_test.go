package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
)

func TestAuditRetentionConfig(t *testing.T) {
	const base = "database: test.db\n"
	for _, c := range []struct {
		yaml    string
		environ map[string]string
		want    time.Duration
	}{
		{base, nil, 8760 * time.Hour},
		{base + "audit_retention: 30d\n", nil, 30 * 24 * time.Hour},
		{base + "audit_retention: 720h\n", nil, 720 * time.Hour},
		{base + "audit_retention: \"90m\"\n", nil, 90 * time.Minute},
		{base + "audit_retention: 30d\n", map[string]string{"PAVED_AUDIT_RETENTION": "7d"}, 7 * 24 * time.Hour},
		{base, map[string]string{"PAVED_AUDIT_RETENTION": "48h"}, 48 * time.Hour},
	} {
		cfg, err := parseConfig("paved.yaml", []byte(c.yaml), c.environ)
		if err != nil {
			t.Errorf("%q %v: %v", c.yaml, c.environ, err)
			continue
		}
		if got := cfg.auditRetention(); got != c.want {
			t.Errorf("%q %v: retention %s, want %s", c.yaml, c.environ, got, c.want)
		}
	}
	for _, c := range []struct {
		yaml    string
		environ map[string]string
		want    []string
	}{
		{base + "audit_retention: soon\n", nil, []string{"line 2", "audit_retention", "soon"}},
		{base + "audit_retention: 365\n", nil, []string{"line 2", "audit_retention", "365"}},
		{base + "audit_retention: -1d\n", nil, []string{"audit_retention", "-1d"}},
		{base + "audit_retention: 0s\n", nil, []string{"audit_retention", "longer than zero"}},
		{base + "audit_retention: [1d]\n", nil, []string{"audit_retention"}},
		{base, map[string]string{"PAVED_AUDIT_RETENTION": "a year"}, []string{"audit_retention", "a year"}},
	} {
		_, err := parseConfig("paved.yaml", []byte(c.yaml), c.environ)
		if err == nil {
			t.Errorf("%q %v: accepted", c.yaml, c.environ)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q %v: error %q does not mention %q", c.yaml, c.environ, err, w)
			}
		}
	}
}

func TestPruneAuditKeepsTheRetentionWindow(t *testing.T) {
	ctx := context.Background()
	now := e2eNow
	d := testkit.OpenDB(t, db.WithNow(func() time.Time { return now }))
	for _, age := range []time.Duration{400 * 24 * time.Hour, 366 * 24 * time.Hour, 364 * 24 * time.Hour, 20 * 24 * time.Hour, time.Hour} {
		if err := d.RecordAudit(ctx, db.AuditEvent{At: now.Add(-age), Actor: "ana", Action: "signin", Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	// Zero retention is the default, 365 days: the two older events go.
	if n, err := pruneAudit(ctx, d, 0, now); err != nil || n != 2 {
		t.Fatalf("prune at the default retention = %d, %v; want 2", n, err)
	}
	if n, err := pruneAudit(ctx, d, 30*24*time.Hour, now); err != nil || n != 1 {
		t.Fatalf("prune at 30 days = %d, %v; want 1", n, err)
	}
	left, err := d.RecentAudit(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 2 || !left[0].At.Equal(now.Add(-time.Hour)) || !left[1].At.Equal(now.Add(-20*24*time.Hour)) {
		t.Errorf("left = %+v, want the events of 1 hour and 20 days ago", left)
	}
	if _, err := pruneAudit(ctx, nil, time.Hour, now); err == nil {
		t.Error("prune with no database: no error")
	}
}
