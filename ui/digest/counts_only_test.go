package digest

import (
	"crypto/tls"
	"strings"
	"testing"
	"time"
)

// TestCountsOnlyChannelsCarryNoFindingDetails: with finding details limited to team
// members, the organisation-wide email and chat get counts without any finding's
// rule or repo, while a team's own recipients get their team's details.
func TestCountsOnlyChannelsCarryNoFindingDetails(t *testing.T) {
	s := newDeliverySetup(t)
	const rule, repo = "go/sql-injection", "acme/infra" // Platform's worst overdue finding
	if !strings.Contains(RenderText(s.digest), rule) {
		t.Fatalf("the fixture digest lacks %s; the test proves nothing", rule)
	}
	team := startSMTP(t, smtpMode{})
	s.channels[0].CountsOnly = true
	s.channels[1].CountsOnly = true
	s.channels = append(s.channels[:2], Channel{Name: "email:platform", Team: "platform", Sender: EmailSender{
		Addr: team.Addr, From: "paved@example.com", To: []string{"platform@example.com"},
		TLSConfig: &tls.Config{RootCAs: team.Certs}, Timeout: 5 * time.Second, Now: s.clock.now}})
	if _, err := s.deliver(t, s.store); err != nil {
		t.Fatal(err)
	}
	org := string(s.smtp.messages()[0].data)
	chat := string(s.slack.received()[0])
	for name, body := range map[string]string{"organisation email": org, "Slack post": chat} {
		if strings.Contains(body, rule) || strings.Contains(body, repo) {
			t.Errorf("the %s names a finding (%s in %s)", name, rule, repo)
		}
		if !strings.Contains(body, "overdue") {
			t.Errorf("the %s lost the overdue counts", name)
		}
	}
	if own := string(team.messages()[0].data); !strings.Contains(own, rule) {
		t.Errorf("the platform team's own email lacks its finding %s", rule)
	}
}
