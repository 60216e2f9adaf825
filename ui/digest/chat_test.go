package digest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The structs below are the vocabulary of the documented examples in testdata/
// (see its README). Decoding an example with unknown fields disallowed proves
// each key here is a real, correctly spelt key of the format; decoding Paved's
// payload the same way proves it uses no other.

type docSlackMessage struct {
	Text   string            `json:"text"`
	Blocks []json.RawMessage `json:"blocks"`
}

type docSlackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type docSlackSection struct {
	Type      string          `json:"type"`
	Text      *docSlackText   `json:"text"`
	Fields    []docSlackText  `json:"fields"`
	Accessory json.RawMessage `json:"accessory"`
}

type docSlackHeader struct {
	Type string       `json:"type"`
	Text docSlackText `json:"text"`
}

type docSlackContext struct {
	Type     string `json:"type"`
	Elements []struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		ImageURL string `json:"image_url"`
		AltText  string `json:"alt_text"`
	} `json:"elements"`
}

type docSlackActions struct {
	Type     string `json:"type"`
	Elements []struct {
		Type     string       `json:"type"`
		Text     docSlackText `json:"text"`
		URL      string       `json:"url"`
		ActionID string       `json:"action_id"` // the button reference's field table
		Style    string       `json:"style"`     // the button reference's field table
	} `json:"elements"`
}

func strictDecode(t *testing.T, what string, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, truncate(string(data), 400))
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// slackBlockTypes decodes each block strictly by its type and returns the types.
func slackBlockTypes(t *testing.T, what string, blocks []json.RawMessage) []string {
	t.Helper()
	var types []string
	for i, raw := range blocks {
		var head struct{ Type string }
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Fatal(err)
		}
		where := what + " block " + head.Type
		switch head.Type {
		case "section":
			var b docSlackSection
			strictDecode(t, where, raw, &b)
			if b.Text == nil && len(b.Fields) == 0 {
				t.Errorf("%s %d has neither text nor fields", where, i)
			}
		case "header":
			var b docSlackHeader
			strictDecode(t, where, raw, &b)
			if b.Text.Type != "plain_text" {
				t.Errorf("%s: a header's text must be plain_text", where)
			}
		case "context":
			var b docSlackContext
			strictDecode(t, where, raw, &b)
		case "actions":
			var b docSlackActions
			strictDecode(t, where, raw, &b)
			for _, e := range b.Elements {
				if e.Type == "button" && e.Text.Type != "plain_text" {
					t.Errorf("%s: a button's text must be plain_text", where)
				}
			}
		default:
			t.Errorf("%s: no documented example of this block type", where)
		}
		types = append(types, head.Type)
	}
	return types
}

func TestSlackPayloadHasTheDocumentedStructure(t *testing.T) {
	var doc docSlackMessage
	strictDecode(t, "Slack's webhook example", readTestdata(t, "slack_webhook_example.json"), &doc)
	documented := slackBlockTypes(t, "Slack's webhook example", doc.Blocks)
	var examples []json.RawMessage
	if err := json.Unmarshal(readTestdata(t, "slack_block_examples.json"), &examples); err != nil {
		t.Fatal(err)
	}
	documented = append(documented, slackBlockTypes(t, "Slack's block examples", examples)...)

	for name, d := range map[string]*Digest{"the organisation": buildFixture(t, nil), "a team": mustTeam(t, "platform")} {
		t.Run("for "+name, func(t *testing.T) {
			payload, err := SlackPayload(d)
			if err != nil {
				t.Fatal(err)
			}
			var msg docSlackMessage
			strictDecode(t, "Paved's payload", payload, &msg)
			if msg.Text == "" {
				t.Error("no fallback text for notifications")
			}
			types := slackBlockTypes(t, "Paved's payload", msg.Blocks)
			for _, typ := range types {
				if !slices.Contains(documented, typ) {
					t.Errorf("block type %q is in no documented example", typ)
				}
			}
			if types[0] != "header" || types[len(types)-1] != "actions" {
				t.Errorf("blocks %v: want a header first and the dashboard button last", types)
			}
			var last docSlackActions
			strictDecode(t, "actions", msg.Blocks[len(msg.Blocks)-1], &last)
			if u := last.Elements[0].URL; u != d.Focus().URL || u == "" {
				t.Errorf("the button opens %q, want %q", u, d.Focus().URL)
			}
		})
	}
}

type docTeamsMessage struct {
	Type        string `json:"type"`
	Attachments []struct {
		ContentType string          `json:"contentType"`
		ContentURL  *string         `json:"contentUrl"`
		Content     json.RawMessage `json:"content"`
	} `json:"attachments"`
}

type docCard struct {
	Schema  string            `json:"$schema"`
	Type    string            `json:"type"`
	Version string            `json:"version"`
	Body    []json.RawMessage `json:"body"`
	Actions []json.RawMessage `json:"actions"`
}

type docTextBlock struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Weight   string `json:"weight"`
	Size     string `json:"size"`
	Wrap     bool   `json:"wrap"`
	Style    string `json:"style"`
	Spacing  string `json:"spacing"`
	IsSubtle bool   `json:"isSubtle"`
}

type docFactSet struct {
	Type  string `json:"type"`
	Facts []struct {
		Title string `json:"title"`
		Value string `json:"value"`
	} `json:"facts"`
}

type docOpenURL struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// cardElements decodes the TextBlocks, FactSets and Action.OpenUrls strictly (the
// elements Paved sends) and returns every element type seen.
func cardElements(t *testing.T, what string, elements []json.RawMessage) []string {
	t.Helper()
	var types []string
	for _, raw := range elements {
		var head struct{ Type string }
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Fatal(err)
		}
		switch head.Type {
		case "TextBlock":
			var b docTextBlock
			strictDecode(t, what+" TextBlock", raw, &b)
		case "FactSet":
			var b docFactSet
			strictDecode(t, what+" FactSet", raw, &b)
		case "Action.OpenUrl":
			var b docOpenURL
			strictDecode(t, what+" Action.OpenUrl", raw, &b)
		}
		types = append(types, head.Type)
	}
	return types
}

func TestTeamsPayloadHasTheDocumentedStructure(t *testing.T) {
	var doc docTeamsMessage
	strictDecode(t, "Teams' webhook example", readTestdata(t, "teams_webhook_example.json"), &doc)
	var docCardBody docCard
	strictDecode(t, "Teams' example card", doc.Attachments[0].Content, &docCardBody)
	var sample docCard
	strictDecode(t, "the ActivityUpdate sample", readTestdata(t, "adaptive_card_activity_update.json"), &sample)
	var actions struct {
		Actions []json.RawMessage `json:"actions"`
	}
	strictDecode(t, "the Restaurant sample's actions", readTestdata(t, "adaptive_card_restaurant_actions.json"), &actions)
	documented := cardElements(t, "example", append(append(docCardBody.Body, sample.Body...), actions.Actions...))

	for name, d := range map[string]*Digest{"the organisation": buildFixture(t, nil), "a team": mustTeam(t, "platform")} {
		t.Run("for "+name, func(t *testing.T) {
			payload, err := TeamsPayload(d)
			if err != nil {
				t.Fatal(err)
			}
			var msg docTeamsMessage
			strictDecode(t, "Paved's message", payload, &msg)
			if msg.Type != doc.Type || len(msg.Attachments) != 1 {
				t.Fatalf("message type %q with %d attachments", msg.Type, len(msg.Attachments))
			}
			a := msg.Attachments[0]
			if a.ContentType != doc.Attachments[0].ContentType || a.ContentURL != nil || !bytes.Contains(payload, []byte(`"contentUrl":null`)) {
				t.Errorf("attachment %q with contentUrl %v, want the documented content type and a null contentUrl", a.ContentType, a.ContentURL)
			}
			var card docCard
			strictDecode(t, "Paved's card", a.Content, &card)
			if card.Schema != docCardBody.Schema || card.Type != "AdaptiveCard" || card.Version != "1.4" || len(card.Body) == 0 {
				t.Errorf("card %s %s %s with %d elements", card.Schema, card.Type, card.Version, len(card.Body))
			}
			for _, typ := range cardElements(t, "Paved's", append(card.Body, card.Actions...)) {
				if !slices.Contains(documented, typ) {
					t.Errorf("element %q is in no documented example", typ)
				}
			}
			var open docOpenURL
			strictDecode(t, "action", card.Actions[0], &open)
			if open.URL != d.Focus().URL || open.URL == "" {
				t.Errorf("the action opens %q, want %q", open.URL, d.Focus().URL)
			}
		})
	}
}

func mustTeam(t *testing.T, slug string) *Digest {
	t.Helper()
	p, ok := buildFixture(t, nil).ForTeam(slug)
	if !ok {
		t.Fatalf("no team %s", slug)
	}
	return p
}
