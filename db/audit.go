package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os/user"
	"regexp"
	"sync"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
)

// Audit actions the store records itself.
const (
	ActionTokenCreate = "token.create"
	ActionTokenRevoke = "token.revoke"
)

// OutcomeOK is the outcome of an action that was done.
const OutcomeOK = "ok"

// Bounds of audit event text, in bytes.
const (
	maxAuditField  = sanitize.MaxName // actor, action, remote, outcome
	maxAuditTarget = maxName          // target
)

// Bounds of RecentAudit.
const (
	defaultAuditLimit = 100
	maxAuditLimit     = 1000
)

// AuditEvent is one entry of the audit log: who did what to what, from where, when,
// and how it ended.
type AuditEvent struct {
	At      time.Time
	Actor   string // who: a user's email, "token:NAME", "cli:USER"
	Action  string // what, e.g. "signin", "token.create"
	Target  string // what it was done to
	Remote  string // from where: the client address, "local" for the CLI
	Outcome string // "ok", or why it was refused
}

// pavedTokenLike matches an API token (its body is 43 characters), so that no audit
// text ever holds one, say a refused request that quotes what was sent.
var pavedTokenLike = regexp.MustCompile(regexp.QuoteMeta(TokenPrefix) + `[A-Za-z0-9_\-]{32,}`)

// cleanAuditText bounds s to one line of at most limit bytes with the project's
// sanitiser, after redacting anything shaped like an API token.
func cleanAuditText(s string, limit int) string {
	return sanitize.Flat(pavedTokenLike.ReplaceAllString(s, "[redacted]"), limit)
}

// cleanAudit cleans every field. The outcome, which may quote an error, also loses
// anything shaped like a forge credential (cleanError); the other fields are spared
// that rule, whose "token NAME" shape would eat actors such as "token:ci-deploy".
func cleanAudit(ev AuditEvent) AuditEvent {
	return AuditEvent{
		At:      ev.At,
		Actor:   cleanAuditText(ev.Actor, maxAuditField),
		Action:  cleanAuditText(ev.Action, maxAuditField),
		Target:  cleanAuditText(ev.Target, maxAuditTarget),
		Remote:  cleanAuditText(ev.Remote, maxAuditField),
		Outcome: cleanAuditText(tokenLike.ReplaceAllString(ev.Outcome, "[redacted]"), maxAuditField),
	}
}

type auditActorKey struct{}

type auditActor struct{ actor, remote string }

// WithAuditActor returns ctx carrying who acts and from where, for the audit events
// that the store records itself (token creation and revocation). Without it they name
// the command line: "cli:" and the OS user, from "local".
func WithAuditActor(ctx context.Context, actor, remote string) context.Context {
	return context.WithValue(ctx, auditActorKey{}, auditActor{actor: actor, remote: remote})
}

var cliActor = sync.OnceValue(func() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
})

// auditFromContext is the event of a successful action by the actor in ctx.
func auditFromContext(ctx context.Context, at time.Time, action, target string) AuditEvent {
	a, ok := ctx.Value(auditActorKey{}).(auditActor)
	if !ok {
		a = auditActor{actor: cliActor(), remote: "local"}
	}
	return AuditEvent{At: at, Actor: a.actor, Action: action, Target: target, Remote: a.remote, Outcome: OutcomeOK}
}

func recordAudit(ctx context.Context, tx *sql.Tx, ev AuditEvent) error {
	ev = cleanAudit(ev)
	if ev.Action == "" {
		return errors.New("audit event without an action")
	}
	_, err := tx.ExecContext(ctx, `
INSERT INTO audit_events (at, actor, action, target, remote, outcome) VALUES (?, ?, ?, ?, ?, ?)`,
		unixOrNil(ev.At), ev.Actor, ev.Action, ev.Target, ev.Remote, ev.Outcome)
	return err
}

// RecordAudit appends ev to the audit log, at d.Now() when ev.At is zero. Every text
// field is cleaned to one bounded line, with anything shaped like a token redacted.
func (d *DB) RecordAudit(ctx context.Context, ev AuditEvent) error {
	if ev.At.IsZero() {
		ev.At = d.Now()
	}
	if err := d.write(ctx, func(tx *sql.Tx) error { return recordAudit(ctx, tx, ev) }); err != nil {
		return fmt.Errorf("record audit event %s: %w", cleanAuditText(ev.Action, maxAuditField), err)
	}
	return nil
}

// RecentAudit returns the newest limit audit events, newest first (limit ≤ 0: 100;
// at most 1000).
func (d *DB) RecentAudit(ctx context.Context, limit int) ([]AuditEvent, error) {
	if limit <= 0 {
		limit = defaultAuditLimit
	}
	limit = min(limit, maxAuditLimit)
	out := make([]AuditEvent, 0, min(limit, 64))
	err := eachRow(ctx, d.reader, `
SELECT at, actor, action, target, remote, outcome FROM audit_events
ORDER BY at DESC, id DESC LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		var ev AuditEvent
		var at nullUnix
		err := rows.Scan(&at, &ev.Actor, &ev.Action, &ev.Target, &ev.Remote, &ev.Outcome)
		ev.At = at.Time()
		out = append(out, ev)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

// PruneAudit deletes the audit events from before before and returns how many.
func (d *DB) PruneAudit(ctx context.Context, before time.Time) (int64, error) {
	if before.IsZero() {
		return 0, errors.New("prune audit log: no cut-off time")
	}
	var n int64
	err := d.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_events WHERE at < ?`, unixOrNil(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune audit log: %w", err)
	}
	return n, nil
}
