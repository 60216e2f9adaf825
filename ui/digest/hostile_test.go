package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// hostile is forge text that tries every trick the digest's formats know of.
const hostile = "<script>alert(1)</script> *bold* _it_ ~gone~ `code` <!channel> <@U123> " +
	"<https://evil.example|click> [click](https://evil.example) & &amp; \x1b[31mred\x07 \u202Eevil\u202C"

var long = strings.Repeat("A", 10<<10) + "<img src=x onerror=alert(1)>"

func hostileFinding() model.Finding {
	return model.Finding{Source: fixtureSource, RepoForgeID: 3, Kind: "code_scanning", ForgeID: "99",
		Category: "sast", Severity: "critical", State: "open", Outcome: "open", Tool: hostile,
		Rule: "</td><script>alert(2)</script>" + hostile, RuleText: long, Location: hostile,
		CreatedAt: day(2026, 1, 1), DueAt: day(2026, 1, 16), HTMLURL: "javascript:alert(3)"}
}

// hostileDigest is the fixture with hostile team names and finding, stored
// through the database as a collector would store them.
func hostileDigest(t *testing.T) *Digest {
	return buildFixture(t, map[string]string{"payments": hostile, "platform": long}, hostileFinding())
}

// rawHostileDigest skips the database's own cleaning: the digest must hold up
// on its own.
func rawHostileDigest(t *testing.T, teams int) *Digest {
	t.Helper()
	start := fixtureStart
	src := hostileSource{fakeSource{cards: map[string][]db.ScorecardSummary{}}}
	for i := range teams {
		slug := fmt.Sprintf("team-%02d", i)
		src.teams = append(src.teams, db.Team{Slug: slug, Name: hostile + long})
		src.cards[slug] = []db.ScorecardSummary{snapshotOf(t, start, map[string]metricAt{"ci_coverage": {0.5, 10}})}
	}
	d, err := Build(context.Background(), src, Options{Week: WeekOf(start), DashboardURL: fixtureURL})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// hostilePart is the part of the team named hostile, as its own recipients get it.
func hostilePart(t *testing.T) *Digest {
	t.Helper()
	p, ok := rawHostileDigest(t, 1).ForTeam("team-00")
	if !ok {
		t.Fatal("no team part")
	}
	return p
}

type hostileSource struct{ fakeSource }

func (h hostileSource) OverdueByScope(context.Context, scoring.Config, time.Time, int) ([]db.ScopeOverdue, error) {
	f := hostileFinding()
	var out []db.ScopeOverdue
	for _, t := range h.teams {
		out = append(out, db.ScopeOverdue{Scope: t.Slug, Critical: 1, Worst: []db.OverdueFinding{{
			Source: fixtureSource, FullName: "acme/" + hostile, Kind: f.Kind, ForgeID: f.ForgeID, Category: f.Category,
			Severity: f.Severity + hostile, Tool: f.Tool, Rule: f.Rule, RuleText: f.RuleText, Location: f.Location,
			HTMLURL: f.HTMLURL, CreatedAt: f.CreatedAt, DueAt: f.DueAt}}})
	}
	return out, nil
}

var controls = regexp.MustCompile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

func TestHostileTextIsEscapedInTheHTML(t *testing.T) {
	for name, d := range map[string]*Digest{"stored": hostileDigest(t), "raw": rawHostileDigest(t, 3), "a team's part": hostilePart(t)} {
		t.Run(name, func(t *testing.T) {
			html, _, err := RenderHTML(d)
			if err != nil {
				t.Fatal(err)
			}
			lower := strings.ToLower(html)
			if strings.Contains(lower, "<script") || strings.Contains(lower, "javascript:") {
				t.Error("a script got through")
			}
			for _, tag := range regexp.MustCompile(`<img[^>]*>`).FindAllString(lower, -1) {
				if !strings.HasPrefix(tag, `<img src="cid:`) || strings.Contains(tag, "onerror") {
					t.Errorf("a forge image tag got through: %s", tag)
				}
			}
			if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("the hostile name is not shown as text")
			}
			if controls.MatchString(html) {
				t.Errorf("control characters got through: %q", controls.FindString(html))
			}
			if strings.Contains(html, strings.Repeat("A", 200)) {
				t.Error("a 10 kB name is shown whole")
			}
			text := RenderText(d)
			if controls.MatchString(text) || strings.Contains(text, strings.Repeat("A", 200)) {
				t.Error("the text holds control characters or an unbounded string")
			}
		})
	}
}

func TestHostileTextIsCleanedInSlack(t *testing.T) {
	for name, d := range map[string]*Digest{"stored": hostileDigest(t), "raw": rawHostileDigest(t, 3),
		"many teams": rawHostileDigest(t, 70), "a team's part": hostilePart(t)} {
		t.Run(name, func(t *testing.T) {
			payload, err := SlackPayload(d)
			if err != nil {
				t.Fatal(err)
			}
			var msg slackMessage
			if err := json.Unmarshal(payload, &msg); err != nil {
				t.Fatal(err)
			}
			if len(msg.Blocks) > slackMaxBlocks {
				t.Errorf("%d blocks, Slack takes %d", len(msg.Blocks), slackMaxBlocks)
			}
			ours := regexp.MustCompile(`<https://paved\.example\.com/[^|<>]*\|open>`)
			// plain_text is shown as it is, never parsed for links or mentions.
			check := func(where, s string, limit int, plain bool) {
				if utf8.RuneCountInString(s) > limit {
					t.Errorf("%s has %d characters, Slack takes %d", where, utf8.RuneCountInString(s), limit)
				}
				if controls.MatchString(s) {
					t.Errorf("%s holds control characters: %q", where, s)
				}
				if rest := ours.ReplaceAllString(s, ""); !plain && strings.ContainsAny(rest, "<>") {
					t.Errorf("%s holds an unescaped < or >: %q", where, truncate(rest, 300))
				}
			}
			check("fallback text", msg.Text, slackMaxSection, false)
			escaped := false
			for i, b := range msg.Blocks {
				if b.Text != nil {
					limit := slackMaxSection
					if b.Type == "header" {
						limit = slackMaxHeader
					}
					check(fmt.Sprintf("block %d (%s)", i, b.Type), b.Text.Text, limit, b.Text.Type == "plain_text")
					escaped = escaped || strings.Contains(b.Text.Text, "&lt;!channel&gt;")
				}
				for j, f := range b.Fields {
					check(fmt.Sprintf("field %d of block %d", j, i), f.Text, slackMaxField, f.Type == "plain_text")
				}
			}
			if !escaped {
				t.Error("the hostile name is not shown escaped")
			}
		})
	}
}

func TestHostileTextIsPlainInTeams(t *testing.T) {
	for name, d := range map[string]*Digest{"stored": hostileDigest(t), "many teams": rawHostileDigest(t, 70),
		"a team's part": hostilePart(t)} {
		t.Run(name, func(t *testing.T) {
			payload, err := TeamsPayload(d)
			if err != nil {
				t.Fatal(err)
			}
			if len(payload) > 28<<10 {
				t.Errorf("the message is %d bytes; Teams takes about 28 KB", len(payload))
			}
			var msg struct {
				Attachments []struct {
					Content struct {
						Body []struct {
							Text  string     `json:"text"`
							Facts []cardFact `json:"facts"`
						} `json:"body"`
					} `json:"content"`
				} `json:"attachments"`
			}
			if err := json.Unmarshal(payload, &msg); err != nil {
				t.Fatal(err)
			}
			seen := false
			for _, el := range msg.Attachments[0].Content.Body {
				texts := []string{el.Text}
				for _, f := range el.Facts {
					texts = append(texts, f.Title, f.Value)
				}
				for _, s := range texts {
					if strings.Contains(s, "](https://evil") || strings.Contains(s, "<https://evil") {
						t.Errorf("a forge link is live: %q", truncate(s, 300))
					}
					if controls.MatchString(s) {
						t.Errorf("control characters: %q", truncate(s, 300))
					}
					if utf8.RuneCountInString(s) > teamsMaxText {
						t.Errorf("a text of %d characters", utf8.RuneCountInString(s))
					}
					seen = seen || strings.Contains(s, "[click]")
				}
			}
			if !seen {
				t.Error("the hostile name is not shown at all")
			}
		})
	}
}
