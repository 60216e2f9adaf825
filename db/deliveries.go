package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Digest delivery statuses.
const (
	DeliverySending   = "sending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// Delivery is the record of one digest week on one channel.
type Delivery struct {
	Week      string // ISO week, e.g. 2026-W07
	Channel   string
	Status    string // sending, delivered or failed
	Attempts  int
	LastError string
	// At is when it was delivered, or, while sending, when the attempt started.
	At time.Time
}

// DeliveryClaim says whether a caller may send a digest now.
type DeliveryClaim struct {
	Claimed bool   // the caller holds the attempt and must mark it delivered or failed
	Prior   string // the status before the claim: "" (none), sending, delivered or failed
	// Attempts counts every attempt made, this one included when Claimed.
	Attempts int
}

// ClaimDelivery starts an attempt to deliver week's digest on channel, unless it
// was delivered already or another attempt started less than staleAfter before at.
//
// The table has no column of its own for the start of an attempt, so delivered_at
// holds it while the status is "sending". An attempt still "sending" after
// staleAfter is taken to have died between sending and recording the outcome; it is
// claimed again, which may send the digest twice rather than never.
func (d *DB) ClaimDelivery(ctx context.Context, week, channel string, at time.Time, staleAfter time.Duration) (DeliveryClaim, error) {
	var claim DeliveryClaim
	err := d.write(ctx, func(tx *sql.Tx) error {
		// The row is there, and locked, before it is read: two claims at once
		// on Postgres (several writers, replicas) take turns, the second
		// reading what the first wrote. An unclaimed row never commits empty.
		if _, err := tx.ExecContext(ctx, `INSERT INTO digest_deliveries (week, channel) VALUES (?, ?)
ON CONFLICT (week, channel) DO NOTHING`, week, channel); err != nil {
			return err
		}
		var status string
		var attempts int
		var started nullUnix
		err := tx.QueryRowContext(ctx,
			`SELECT status, attempts, delivered_at FROM digest_deliveries WHERE week = ? AND channel = ?`+d.dialect.forUpdate,
			week, channel).Scan(&status, &attempts, &started)
		if err != nil {
			return err
		}
		claim = DeliveryClaim{Prior: status, Attempts: attempts}
		switch status {
		case DeliveryDelivered:
			return nil
		case DeliverySending:
			if started.Valid && at.Sub(started.Time()) < staleAfter {
				return nil
			}
		}
		claim.Claimed, claim.Attempts = true, attempts+1
		_, err = tx.ExecContext(ctx, `
INSERT INTO digest_deliveries (week, channel, status, attempts, last_error, delivered_at)
VALUES (?, ?, ?, 1, '', ?)
ON CONFLICT (week, channel) DO UPDATE SET
    status       = excluded.status,
    attempts     = digest_deliveries.attempts + 1,
    delivered_at = excluded.delivered_at`,
			week, channel, DeliverySending, at.Unix())
		return err
	})
	if err != nil {
		return DeliveryClaim{}, fmt.Errorf("claim digest delivery %s %s: %w", week, channel, err)
	}
	return claim, nil
}

// MarkDelivered records that week's digest reached channel at at.
func (d *DB) MarkDelivered(ctx context.Context, week, channel string, at time.Time) error {
	return d.markDelivery(ctx, week, channel, DeliveryDelivered, "", at.Unix())
}

// MarkFailed records a failed attempt; the next claim retries it. msg must hold no
// secret: it is stored and shown as is (bounded, with token-like words redacted).
func (d *DB) MarkFailed(ctx context.Context, week, channel, msg string) error {
	return d.markDelivery(ctx, week, channel, DeliveryFailed, cleanError(msg), nil)
}

func (d *DB) markDelivery(ctx context.Context, week, channel, status, msg string, at any) error {
	err := d.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
UPDATE digest_deliveries SET status = ?, last_error = ?, delivered_at = ?
WHERE week = ? AND channel = ?`, status, msg, at, week, channel)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return fmt.Errorf("no claimed delivery: %w", ErrNotFound)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("mark digest delivery %s %s %s: %w", week, channel, status, err)
	}
	return nil
}
