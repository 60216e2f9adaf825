package digest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paved-dev/paved/db"
)

// Sender delivers a digest on one channel.
type Sender interface {
	Send(ctx context.Context, d *Digest) error
}

// Channel is one configured destination of the digest.
type Channel struct {
	// Name keys the delivery record: "email", "slack", "teams", or a name per
	// team-specific recipient such as "email:payments".
	Name string
	// Team, when set, sends only that team's part (Digest.ForTeam).
	Team string
	// CountsOnly sends the digest without finding details (Digest.CountsOnly).
	CountsOnly bool
	Sender     Sender
}

// DeliveryStore records each week's delivery per channel; *db.DB implements it.
type DeliveryStore interface {
	ClaimDelivery(ctx context.Context, week, channel string, at time.Time, staleAfter time.Duration) (db.DeliveryClaim, error)
	MarkDelivered(ctx context.Context, week, channel string, at time.Time) error
	MarkFailed(ctx context.Context, week, channel, msg string) error
}

var _ DeliveryStore = (*db.DB)(nil)

// StaleAfter is how long an attempt may stay "sending" before it is taken to have
// died and is retried. It is far longer than any send takes (SMTP and webhook
// timeouts are 30 s).
const StaleAfter = 15 * time.Minute

// Outcomes of a channel's delivery.
const (
	OutcomeDelivered = "delivered"
	OutcomeSkipped   = "skipped" // delivered by an earlier run
	OutcomeBusy      = "busy"    // another run is sending it right now
	OutcomeFailed    = "failed"  // recorded; the next run retries it
)

// Result is what happened on one channel.
type Result struct {
	Channel  string
	Outcome  string
	Attempts int
	Err      error
}

// Deliver sends the digest of week on every channel that has not had it yet, and
// records each outcome in store.
//
// A digest goes out at most once per week and channel in every ordinary case: the
// channel is claimed (recorded as "sending") before sending, a delivered or
// in-progress channel is skipped, and a failed one is retried by the next run.
// The one exception is deliberate. If the process dies after the message left but
// before "delivered" was recorded, the claim goes stale after StaleAfter and the
// next run sends again: a duplicate digest is the price of never losing one, since
// an SMTP server or webhook cannot be asked afterwards whether it got the message.
//
// The error joins every channel's failure and every failure to record an outcome;
// the results say what happened on each channel.
func Deliver(ctx context.Context, store DeliveryStore, week ISOWeek, channels []Channel, d *Digest, now func() time.Time) ([]Result, error) {
	if d.Week != week {
		return nil, fmt.Errorf("deliver digest: the digest is of %s, not %s", d.Week, week)
	}
	var results []Result
	var errs []error
	for _, ch := range channels {
		r, err := deliverOne(ctx, store, week.String(), ch, d, now)
		results = append(results, r)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", ch.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return results, fmt.Errorf("deliver digest %s: %w", week, err)
	}
	return results, nil
}

func deliverOne(ctx context.Context, store DeliveryStore, week string, ch Channel, d *Digest, now func() time.Time) (Result, error) {
	r := Result{Channel: ch.Name}
	claim, err := store.ClaimDelivery(ctx, week, ch.Name, now(), StaleAfter)
	if err != nil {
		r.Outcome, r.Err = OutcomeFailed, err
		return r, err
	}
	r.Attempts = claim.Attempts
	if !claim.Claimed {
		r.Outcome = OutcomeBusy
		if claim.Prior == db.DeliveryDelivered {
			r.Outcome = OutcomeSkipped
		}
		return r, nil
	}

	part := d
	if ch.CountsOnly {
		part = d.CountsOnly()
	}
	if ch.Team != "" {
		var ok bool
		if part, ok = d.ForTeam(ch.Team); !ok {
			err = fmt.Errorf("team %q has no part in the digest", ch.Team)
		}
	}
	if err == nil {
		err = ch.Sender.Send(ctx, part)
	}
	// The outcome is recorded even when ctx was cancelled mid-send.
	record := context.WithoutCancel(ctx)
	if err != nil {
		r.Outcome, r.Err = OutcomeFailed, err
		if merr := store.MarkFailed(record, week, ch.Name, err.Error()); merr != nil {
			return r, errors.Join(err, merr)
		}
		return r, err
	}
	if merr := store.MarkDelivered(record, week, ch.Name, now()); merr != nil {
		// Sent, but not recorded: the claim goes stale and a later run may send
		// it again (see Deliver).
		r.Outcome, r.Err = OutcomeDelivered, merr
		return r, merr
	}
	r.Outcome = OutcomeDelivered
	return r, nil
}
