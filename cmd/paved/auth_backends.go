package main

import (
	"context"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/ui"
)

// dbTokens checks API tokens against the hashes the database stores.
type dbTokens struct{ d *db.DB }

func (t dbTokens) CheckAPIToken(ctx context.Context, plaintext string) (ui.TokenIdentity, error) {
	tok, err := t.d.CheckAPIToken(ctx, plaintext)
	if err != nil {
		return ui.TokenIdentity{}, err
	}
	return ui.TokenIdentity{Name: tok.Name, Role: tok.Role}, nil
}

// dbAudit keeps the dashboard's audit events in the database.
type dbAudit struct{ d *db.DB }

func (l dbAudit) Record(ctx context.Context, ev ui.AuditEvent) error {
	return l.d.RecordAudit(ctx, db.AuditEvent(ev))
}

func (l dbAudit) Recent(ctx context.Context, limit int) ([]ui.AuditEvent, error) {
	evs, err := l.d.RecentAudit(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ui.AuditEvent, len(evs))
	for i, ev := range evs {
		out[i] = ui.AuditEvent(ev)
	}
	return out, nil
}

// pruneAuditDaily drops audit events older than audit_retention at start and then
// once a day until ctx ends.
func (a *app) pruneAuditDaily(ctx context.Context) {
	for {
		if _, err := pruneAudit(ctx, a.db, a.cfg.auditRetention(), a.env.now()); err != nil && ctx.Err() == nil {
			a.env.logger().Error("audit log pruning failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(24 * time.Hour):
		}
	}
}
