package db

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/paved-dev/paved/internal/sanitize"
)

func TestAuditRecordRecentPrune(t *testing.T) {
	ctx, d := setUp(t)
	clockAt(d, testNow)
	for i, ev := range []AuditEvent{
		{At: testNow.Add(-3 * time.Hour), Actor: "ana@example.com", Action: "signin", Remote: "10.0.0.1", Outcome: "ok"},
		{At: testNow.Add(-2 * time.Hour), Actor: "eve@example.com", Action: "signin", Remote: "10.0.0.9", Outcome: "refused: no role"},
		{At: testNow.Add(-time.Hour), Actor: "ana@example.com", Action: "rescore", Target: "payments", Remote: "10.0.0.1", Outcome: "ok"},
		{Actor: "bo@example.com", Action: "signout", Remote: "10.0.0.2", Outcome: "ok"}, // At: now
	} {
		if err := d.RecordAudit(ctx, ev); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	got, err := d.RecentAudit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, ev := range got {
		order = append(order, ev.Actor+" "+ev.Action)
	}
	if s, want := strings.Join(order, ", "), "bo@example.com signout, ana@example.com rescore, eve@example.com signin, ana@example.com signin"; s != want {
		t.Errorf("recent = %s, want newest first: %s", s, want)
	}
	if !got[0].At.Equal(testNow) {
		t.Errorf("event without At recorded at %s, want d.Now() %s", got[0].At, testNow)
	}
	if want := (AuditEvent{At: testNow.Add(-2 * time.Hour), Actor: "eve@example.com", Action: "signin", Remote: "10.0.0.9", Outcome: "refused: no role"}); got[2] != want {
		t.Errorf("round trip = %+v, want %+v", got[2], want)
	}
	if two, _ := d.RecentAudit(ctx, 2); len(two) != 2 || two[0].Action != "signout" {
		t.Errorf("limit 2 = %+v", two)
	}

	n, err := d.PruneAudit(ctx, testNow.Add(-90*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("prune = %d, %v; want the 2 older events", n, err)
	}
	got, _ = d.RecentAudit(ctx, 10)
	if len(got) != 2 || got[1].Action != "rescore" {
		t.Errorf("after prune: %+v, want signout and rescore", got)
	}
	if n, err := d.PruneAudit(ctx, testNow.Add(-90*time.Minute)); err != nil || n != 0 {
		t.Errorf("prune again = %d, %v; want 0", n, err)
	}
	if _, err := d.PruneAudit(ctx, time.Time{}); err == nil {
		t.Error("prune with no cut-off: no error")
	}
	if err := d.RecordAudit(ctx, AuditEvent{Actor: "x"}); err == nil {
		t.Error("an event without an action was recorded")
	}
}

func TestAuditTextIsCleanedAndBounded(t *testing.T) {
	ctx, d := setUp(t)
	clockAt(d, testNow)
	tok := TokenPrefix + strings.Repeat("A1b2", 11)
	ev := AuditEvent{
		Actor:   "token:ci-deploy\u202e\x1b[31m",
		Action:  "api\nrequest",
		Target:  strings.Repeat("é", 2000),
		Remote:  "10.0.0.1\r\nX-Injected: 1",
		Outcome: "refused: Authorization: Bearer " + tok + " and ghp_abcdefghijklmnop0123456789",
	}
	if err := d.RecordAudit(ctx, ev); err != nil {
		t.Fatal(err)
	}
	got, err := d.RecentAudit(ctx, 1)
	if err != nil || len(got) != 1 {
		t.Fatalf("recent: %+v, %v", got, err)
	}
	g := got[0]
	if g.Actor != "token:ci-deploy[31m" {
		t.Errorf("actor = %q: want control and bidi characters gone, the name kept", g.Actor)
	}
	if g.Action != "apirequest" || g.Remote != "10.0.0.1X-Injected: 1" {
		t.Errorf("action %q, remote %q: want line breaks gone", g.Action, g.Remote)
	}
	if len(g.Target) > sanitize.MaxLine || !strings.HasSuffix(g.Target, "…") || !utf8.ValidString(g.Target) {
		t.Errorf("target of %d bytes: want at most %d, cut on a rune with …", len(g.Target), sanitize.MaxLine)
	}
	if strings.Contains(g.Outcome, tok) || strings.Contains(g.Outcome, "ghp_abcdefghijklmnop") || !strings.Contains(g.Outcome, "[redacted]") {
		t.Errorf("outcome = %q: want tokens redacted", g.Outcome)
	}
}

func TestTokenChangesAreAudited(t *testing.T) {
	ctx, d := setUp(t)
	advance := clockAt(d, testNow)
	if _, err := d.CreateAPIToken(ctx, "ci", "admin", testNow.AddDate(0, 0, 90)); err != nil {
		t.Fatal(err)
	}
	advance(time.Minute)
	if err := d.RevokeAPIToken(WithAuditActor(ctx, "ana@example.com", "10.0.0.1"), "ci"); err != nil {
		t.Fatal(err)
	}
	// Refused changes leave no event.
	_ = d.RevokeAPIToken(ctx, "ci")
	_, _ = d.CreateAPIToken(ctx, "bad", "root", time.Time{})

	got, err := d.RecentAudit(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("audit log = %+v, want the creation and the revocation", got)
	}
	rev, cre := got[0], got[1]
	if rev != (AuditEvent{At: testNow.Add(time.Minute), Actor: "ana@example.com", Action: ActionTokenRevoke, Target: "ci", Remote: "10.0.0.1", Outcome: OutcomeOK}) {
		t.Errorf("revocation event = %+v", rev)
	}
	if cre.Action != ActionTokenCreate || !cre.At.Equal(testNow) || cre.Remote != "local" || cre.Outcome != OutcomeOK ||
		!strings.HasPrefix(cre.Target, "ci (role admin, expires 2026-05-31") {
		t.Errorf("creation event = %+v", cre)
	}
	if cre.Actor != "cli" && !strings.HasPrefix(cre.Actor, "cli:") {
		t.Errorf("creation actor = %q, want cli or cli:USER", cre.Actor)
	}
}
