package digest

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func deliveries(t *testing.T, store *db.DB) map[string]db.Delivery {
	t.Helper()
	rows, err := store.Reader().Query(`SELECT week, channel, status, attempts, last_error, delivered_at
		FROM digest_deliveries WHERE week = ?`, fixtureWeek.String())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]db.Delivery{}
	for rows.Next() {
		var r db.Delivery
		var at sql.NullInt64
		if err := rows.Scan(&r.Week, &r.Channel, &r.Status, &r.Attempts, &r.LastError, &at); err != nil {
			t.Fatal(err)
		}
		if at.Valid {
			r.At = time.Unix(at.Int64, 0).UTC()
		}
		out[r.Channel] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func outcomes(results []Result) map[string]string {
	out := map[string]string{}
	for _, r := range results {
		out[r.Channel] = r.Outcome
	}
	return out
}

type deliverySetup struct {
	store    *db.DB
	digest   *Digest
	smtp     *smtpServer
	slack    *webhook
	teams    *webhook
	channels []Channel
	clock    *clock
}

func newDeliverySetup(t *testing.T) deliverySetup {
	t.Helper()
	store := openFixture(t, nil)
	d, err := Build(context.Background(), store, Options{Week: fixtureWeek, DashboardURL: fixtureURL})
	if err != nil {
		t.Fatal(err)
	}
	s := deliverySetup{store: store, digest: d, smtp: startSMTP(t, smtpMode{}), slack: startWebhook(t), teams: startWebhook(t),
		clock: &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}}
	s.channels = []Channel{
		{Name: "email", Sender: EmailSender{Addr: s.smtp.Addr, From: "paved@example.com", To: []string{"leads@example.com"},
			TLSConfig: &tls.Config{RootCAs: s.smtp.Certs}, Timeout: 5 * time.Second, Now: s.clock.now}},
		{Name: "slack", Sender: WebhookSender{URL: s.slack.URL(), Kind: "slack"}},
		{Name: "teams", Sender: WebhookSender{URL: s.teams.URL(), Kind: "teams"}},
	}
	return s
}

func (s deliverySetup) deliver(t *testing.T, store DeliveryStore) ([]Result, error) {
	t.Helper()
	return Deliver(context.Background(), store, fixtureWeek, s.channels, s.digest, s.clock.now)
}

func TestDeliverSendsOncePerWeekAndChannel(t *testing.T) {
	s := newDeliverySetup(t)
	first, err := s.deliver(t, s.store)
	if err != nil {
		t.Fatal(err)
	}
	s.clock.t = s.clock.t.Add(3 * time.Hour)
	second, err := s.deliver(t, s.store)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"email", "slack", "teams"} {
		if outcomes(first)[ch] != OutcomeDelivered || outcomes(second)[ch] != OutcomeSkipped {
			t.Errorf("%s: first run %s, second run %s", ch, outcomes(first)[ch], outcomes(second)[ch])
		}
	}
	if n := len(s.smtp.messages()); n != 1 {
		t.Errorf("the SMTP server got %d messages, want 1", n)
	}
	if len(s.slack.received()) != 1 || len(s.teams.received()) != 1 {
		t.Errorf("Slack got %d posts and Teams %d, want 1 each", len(s.slack.received()), len(s.teams.received()))
	}
	rec := deliveries(t, s.store)["email"]
	if rec.Status != db.DeliveryDelivered || rec.Attempts != 1 || !rec.At.Equal(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("email record %+v", rec)
	}
	checkDigestMail(t, s.smtp.messages()[0].data)
}

func TestDeliverRetriesAFailedChannelOnTheNextRun(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusInternalServerError} {
		t.Run("after the webhook answered "+http.StatusText(status), func(t *testing.T) {
			s := newDeliverySetup(t)
			s.slack.answerWith(status, "no_service")
			results, err := s.deliver(t, s.store)
			if err == nil || !strings.Contains(err.Error(), "slack webhook answered") || strings.Contains(err.Error(), "secret") {
				t.Fatalf("err = %v, want the Slack failure without its URL", err)
			}
			if o := outcomes(results); o["slack"] != OutcomeFailed || o["email"] != OutcomeDelivered || o["teams"] != OutcomeDelivered {
				t.Fatalf("outcomes %v: a failing channel must not stop the others", o)
			}
			rec := deliveries(t, s.store)["slack"]
			if rec.Status != db.DeliveryFailed || rec.Attempts != 1 || !strings.Contains(rec.LastError, "answered") ||
				strings.Contains(rec.LastError, "secret") {
				t.Fatalf("slack record %+v", rec)
			}

			s.slack.answerWith(http.StatusOK, "ok")
			s.clock.t = s.clock.t.Add(time.Hour)
			results, err = s.deliver(t, s.store)
			if err != nil {
				t.Fatal(err)
			}
			if o := outcomes(results); o["slack"] != OutcomeDelivered || o["email"] != OutcomeSkipped || o["teams"] != OutcomeSkipped {
				t.Fatalf("outcomes %v on the retry", o)
			}
			if rec := deliveries(t, s.store)["slack"]; rec.Status != db.DeliveryDelivered || rec.Attempts != 2 || rec.LastError != "" {
				t.Fatalf("slack record %+v after the retry", rec)
			}
			if len(s.slack.received()) != 2 || len(s.smtp.messages()) != 1 {
				t.Fatalf("%d Slack posts, %d emails", len(s.slack.received()), len(s.smtp.messages()))
			}
		})
	}
	t.Run("after the SMTP server refused the message", func(t *testing.T) {
		s := newDeliverySetup(t)
		s.smtp.setReject(errors.New("mailbox full"))
		if _, err := s.deliver(t, s.store); err == nil || !strings.Contains(err.Error(), "email") {
			t.Fatalf("err = %v", err)
		}
		s.smtp.setReject(nil)
		if _, err := s.deliver(t, s.store); err != nil {
			t.Fatal(err)
		}
		if rec := deliveries(t, s.store)["email"]; rec.Status != db.DeliveryDelivered || rec.Attempts != 2 || len(s.smtp.messages()) != 1 {
			t.Fatalf("email record %+v, %d messages", rec, len(s.smtp.messages()))
		}
	})
}

// forgetfulStore loses the first "delivered" record, as a crash right after
// sending would.
type forgetfulStore struct {
	*db.DB
	forgot bool
}

func (f *forgetfulStore) MarkDelivered(ctx context.Context, week, channel string, at time.Time) error {
	if !f.forgot {
		f.forgot = true
		return errors.New("disk I/O error")
	}
	return f.DB.MarkDelivered(ctx, week, channel, at)
}

func TestDeliverAfterACrashResendsRatherThanLoses(t *testing.T) {
	s := newDeliverySetup(t)
	s.channels = s.channels[:1] // email
	store := &forgetfulStore{DB: s.store}
	if _, err := s.deliver(t, store); err == nil {
		t.Fatal("a lost record is not reported")
	}
	if rec := deliveries(t, s.store)["email"]; rec.Status != db.DeliverySending {
		t.Fatalf("record %+v, want still sending", rec)
	}

	s.clock.t = s.clock.t.Add(StaleAfter / 2)
	results, err := s.deliver(t, store)
	if err != nil || outcomes(results)["email"] != OutcomeBusy || len(s.smtp.messages()) != 1 {
		t.Fatalf("a run while the attempt may still be going: %v, %v, %d messages", results, err, len(s.smtp.messages()))
	}

	s.clock.t = s.clock.t.Add(StaleAfter)
	results, err = s.deliver(t, store)
	if err != nil || outcomes(results)["email"] != OutcomeDelivered {
		t.Fatalf("the stale attempt was not retried: %v, %v", results, err)
	}
	if n := len(s.smtp.messages()); n != 2 {
		t.Fatalf("%d messages: the digest must go out again rather than never", n)
	}
	if rec := deliveries(t, s.store)["email"]; rec.Status != db.DeliveryDelivered || rec.Attempts != 2 {
		t.Fatalf("record %+v", rec)
	}
}

func TestDeliverATeamsOwnPart(t *testing.T) {
	s := newDeliverySetup(t)
	s.channels = []Channel{
		{Name: "email:platform", Team: "platform", Sender: s.channels[0].Sender},
		{Name: "email:gone", Team: "gone", Sender: s.channels[0].Sender},
	}
	results, err := s.deliver(t, s.store)
	if err == nil || !strings.Contains(err.Error(), `team "gone"`) {
		t.Fatalf("err = %v, want the missing team named", err)
	}
	if o := outcomes(results); o["email:platform"] != OutcomeDelivered || o["email:gone"] != OutcomeFailed {
		t.Fatalf("outcomes %v", o)
	}
	msgs := s.smtp.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := parseMail(t, msgs[0].data)
	if m.subject != "Paved weekly digest — Platform — 2026-W10" {
		t.Errorf("subject %q", m.subject)
	}
	if text := string(m.part(t, "text/plain").body); strings.Contains(text, "Payments") {
		t.Error("another team's part reached the platform team")
	}
}

func TestDeliverRefusesAnotherWeeksDigest(t *testing.T) {
	s := newDeliverySetup(t)
	_, err := Deliver(context.Background(), s.store, ISOWeek{2026, 11}, s.channels, s.digest, s.clock.now)
	if err == nil || len(s.smtp.messages()) != 0 {
		t.Fatalf("err = %v, %d messages", err, len(s.smtp.messages()))
	}
}
