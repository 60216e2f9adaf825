package digest

import (
	"encoding/json"
	"fmt"
)

// Slack's limits (Block Kit reference): a message holds at most 50 blocks, a
// header's text 150 characters, a section's text 3000, each of its at most 10
// fields 2000, a button's text 75.
const (
	slackMaxBlocks  = 50
	slackMaxHeader  = 150
	slackMaxSection = 3000
	slackMaxField   = 2000
	slackMaxButton  = 75
)

type slackMessage struct {
	Text   string       `json:"text"` // the notification's fallback
	Blocks []slackBlock `json:"blocks"`
}

type slackBlock struct {
	Type     string      `json:"type"`
	Text     *slackText  `json:"text,omitempty"`
	Fields   []slackText `json:"fields,omitempty"`
	Elements []any       `json:"elements,omitempty"` // slackText in context, slackButton in actions
}

type slackText struct {
	Type string `json:"type"` // plain_text or mrkdwn
	Text string `json:"text"`
}

type slackButton struct {
	Type     string    `json:"type"` // button
	Text     slackText `json:"text"` // plain_text
	URL      string    `json:"url"`
	ActionID string    `json:"action_id"`
	Style    string    `json:"style,omitempty"`
}

// SlackPayload writes the digest as a Slack incoming-webhook message of Block Kit
// blocks. Forge text goes into mrkdwn with &, < and > escaped, so it can never
// become a link, a mention or @channel.
func SlackPayload(d *Digest) ([]byte, error) {
	v := newView(d, nil)
	esc := func(s string) string { return slackEscape(s) }
	mrkdwn := func(s string, limit int) *slackText { return &slackText{Type: "mrkdwn", Text: truncate(s, limit)} }

	snapshot, facts := chatSummary(v)
	// The fallback text is mrkdwn too: it shows in notifications.
	msg := slackMessage{Text: truncate(esc(v.Title+". "+v.Preheader), slackMaxSection)}
	msg.Blocks = append(msg.Blocks,
		slackBlock{Type: "header", Text: &slackText{Type: "plain_text", Text: truncate(v.Title, slackMaxHeader)}},
		slackBlock{Type: "section", Text: mrkdwn("*"+esc(truncate(v.Focus.Name, 200))+"*\n"+snapshot, slackMaxSection)},
	)
	if len(facts) > 0 {
		b := slackBlock{Type: "section"}
		for _, f := range facts {
			b.Fields = append(b.Fields, slackText{Type: "mrkdwn", Text: truncate("*"+f[0]+"*\n"+f[1], slackMaxField)})
		}
		msg.Blocks = append(msg.Blocks, b)
	}
	list := func(title, none string, lines []string) {
		body := none
		if len(lines) > 0 {
			body = joinBounded(lines, "\n", slackMaxSection-len(title)-4)
		}
		msg.Blocks = append(msg.Blocks, slackBlock{Type: "section", Text: mrkdwn("*"+title+"*\n"+body, slackMaxSection)})
	}
	list("Level changes", v.NoMoves, moveLines(d.Moves, esc))
	list("Biggest improvements", v.NoImprovements, changeLines(d.Improvements, esc))
	list("Biggest regressions", v.NoRegressions, changeLines(d.Regressions, esc))

	// The teams take what room is left, keeping two blocks for the footer.
	room := slackMaxBlocks - len(msg.Blocks) - 2
	for i, t := range d.Teams {
		if i == room-1 && len(d.Teams) > room {
			list("…and "+fmt.Sprint(len(d.Teams)-i)+" more teams", "See them all in the dashboard.", nil)
			break
		}
		head := "*" + esc(truncate(t.Name, 200)) + "*  " + teamHeadline(t)
		if t.URL != "" && v.Team == nil {
			head += "  <" + slackEscape(t.URL) + "|open>"
		}
		body := joinBounded(teamLines(t, esc), "\n", slackMaxSection-len([]rune(head))-1)
		msg.Blocks = append(msg.Blocks, slackBlock{Type: "section", Text: mrkdwn(head+"\n"+body, slackMaxSection)})
	}

	msg.Blocks = append(msg.Blocks, slackBlock{Type: "context", Elements: []any{
		slackText{Type: "mrkdwn", Text: "Sent by Paved for " + d.Week.String() + ". Levels run from 0 (Initial) to 4 (Leading); the score is out of 100."},
	}})
	if u := v.Focus.URL; u != "" {
		label := "Open the dashboard"
		if v.Team != nil {
			label = truncate("Open "+v.Team.Name+" in Paved", slackMaxButton)
		}
		msg.Blocks = append(msg.Blocks, slackBlock{Type: "actions", Elements: []any{
			slackButton{Type: "button", Text: slackText{Type: "plain_text", Text: label}, URL: u, ActionID: "open-dashboard", Style: "primary"},
		}})
	}
	out, err := json.Marshal(msg)
	if err != nil {
		return nil, fmt.Errorf("slack payload: %w", err)
	}
	return out, nil
}
