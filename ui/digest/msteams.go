package digest

import (
	"encoding/json"
	"fmt"
)

// teamsMessage is what a Microsoft Teams incoming webhook takes: a message with
// one Adaptive Card attachment.
type teamsMessage struct {
	Type        string            `json:"type"` // message
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string       `json:"contentType"` // application/vnd.microsoft.card.adaptive
	ContentURL  *string      `json:"contentUrl"`  // null, as Teams' documented example has it
	Content     adaptiveCard `json:"content"`
}

type adaptiveCard struct {
	Schema  string       `json:"$schema"`
	Type    string       `json:"type"` // AdaptiveCard
	Version string       `json:"version"`
	Body    []any        `json:"body"` // cardText and cardFacts
	Actions []cardAction `json:"actions,omitempty"`
}

type cardText struct {
	Type     string `json:"type"` // TextBlock
	Text     string `json:"text"`
	Weight   string `json:"weight,omitempty"`
	Size     string `json:"size,omitempty"`
	Wrap     bool   `json:"wrap"`
	IsSubtle bool   `json:"isSubtle,omitempty"`
	Spacing  string `json:"spacing,omitempty"`
}

type cardFacts struct {
	Type  string     `json:"type"` // FactSet
	Facts []cardFact `json:"facts"`
}

type cardFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type cardAction struct {
	Type  string `json:"type"` // Action.OpenUrl
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Teams rejects a webhook message over about 28 KB; TextBlocks are bounded and
// teams left out until the card fits.
const (
	teamsMaxText    = 1500
	teamsMaxPayload = 26 << 10
)

// TeamsPayload writes the digest as a Teams incoming-webhook message holding an
// Adaptive Card (version 1.4). Forge text goes into TextBlocks and facts with its
// link syntax broken (teamsPlain), so it reads as the plain text it is.
func TeamsPayload(d *Digest) ([]byte, error) {
	v := newView(d, nil)
	for _, teams := range []int{len(d.Teams), 30, 15, 5, 0} {
		if teams > len(d.Teams) {
			continue
		}
		out, err := json.Marshal(teamsMessage{Type: "message", Attachments: []teamsAttachment{{
			ContentType: "application/vnd.microsoft.card.adaptive", Content: teamsCard(v, teams),
		}}})
		if err != nil {
			return nil, fmt.Errorf("teams payload: %w", err)
		}
		if len(out) <= teamsMaxPayload || teams == 0 {
			return out, nil
		}
	}
	return nil, fmt.Errorf("teams payload: no card fits") // unreachable: the last try always returns
}

// teamsCard is the digest's card listing at most maxTeams teams.
func teamsCard(v view, maxTeams int) adaptiveCard {
	d := v.Digest
	esc := func(s string) string { return teamsPlain(s) }
	text := func(s string) cardText {
		return cardText{Type: "TextBlock", Text: truncate(s, teamsMaxText), Wrap: true}
	}
	heading := func(s string) cardText {
		t := text(s)
		t.Weight, t.Size, t.Spacing = "bolder", "medium", "medium"
		return t
	}

	snapshot, facts := chatSummary(v)
	title := text(esc(v.Title))
	// No "style": "heading": it came with Adaptive Cards 1.5, and Teams takes 1.4.
	title.Weight, title.Size = "bolder", "large"
	body := []any{title}
	sub := text(esc(truncate(v.Focus.Name, 200)) + " — " + snapshot)
	sub.IsSubtle = true
	body = append(body, sub)
	if len(facts) > 0 {
		fs := cardFacts{Type: "FactSet"}
		for _, f := range facts {
			fs.Facts = append(fs.Facts, cardFact{Title: f[0], Value: f[1]})
		}
		body = append(body, fs)
	}
	list := func(title, none string, lines []string) {
		body = append(body, heading(title))
		if len(lines) == 0 {
			lines = []string{none}
		}
		// Adaptive Card markdown needs a blank line for a line break.
		body = append(body, text(joinBounded(lines, "\n\n", teamsMaxText)))
	}
	list("Level changes", v.NoMoves, moveLines(d.Moves, esc))
	list("Biggest improvements", v.NoImprovements, changeLines(d.Improvements, esc))
	list("Biggest regressions", v.NoRegressions, changeLines(d.Regressions, esc))

	for i, t := range d.Teams {
		if i == maxTeams {
			body = append(body, text(fmt.Sprintf("…and %d more teams: see them all in the dashboard.", len(d.Teams)-i)))
			break
		}
		body = append(body, heading(esc(truncate(t.Name, 200))+" — "+teamHeadline(t)))
		body = append(body, text(joinBounded(teamLines(t, esc), "\n\n", teamsMaxText)))
	}
	foot := text("Sent by Paved for " + d.Week.String() + ". Levels run from 0 (Initial) to 4 (Leading); the score is out of 100.")
	foot.IsSubtle, foot.Size = true, "small"
	body = append(body, foot)

	card := adaptiveCard{Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: "1.4", Body: body}
	if u := v.Focus.URL; u != "" {
		label := "Open the dashboard"
		if v.Team != nil {
			label = truncate("Open "+v.Team.Name+" in Paved", 80)
		}
		card.Actions = []cardAction{{Type: "Action.OpenUrl", Title: label, URL: u}}
	}
	return card
}
