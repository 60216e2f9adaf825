package digest

import (
	"fmt"
	"strings"

	"github.com/paved-dev/paved/ui/labels"
)

// RenderText writes the digest as plain text: the alternative to the HTML email,
// and what `paved digest` prints on a terminal.
func RenderText(d *Digest) string {
	v := newView(d, nil)
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	heading := func(s string) { line("\n%s\n%s", s, strings.Repeat("-", len([]rune(s)))) }

	line("%s\n%s", v.Title, strings.Repeat("=", len([]rune(v.Title))))
	line("")
	line("%s", v.Focus.Name)
	line("%s", v.Headline)
	if v.History != "" {
		line("%s", v.History)
	}
	if f := v.Focus; f.HasData {
		line("")
		line("  Maturity level  %s%s", levelLabel(f.Level), parens(deltaText(f.Level, f.PrevLevel)))
		line("  Score           %s%s", scoreNumber(f.Score)+" / 100", parens(deltaText(f.Score, f.PrevScore)))
		line("  Overdue         %d critical, %d high", f.Overdue.Critical, f.Overdue.High)
	}
	if v.Team != nil {
		line("  Organisation    level %s, score %s%s", levelNumber(d.Org.Level), scoreNumber(d.Org.Score),
			parens(deltaText(d.Org.Score, d.Org.PrevScore)))
	}
	if v.Focus.URL != "" {
		line("")
		line("Open in Paved: %s", v.Focus.URL)
	}

	if v.Focus.HasData {
		heading("Dimensions")
		for _, dl := range v.Focus.Dimensions {
			change := deltaText(dl.Level, dl.PrevLevel)
			if change == "" {
				change = "–"
			}
			line("  %-13s %-17s %s", dl.Label, levelLabel(dl.Level), change)
		}
	}

	heading("Level changes")
	if len(d.Moves) == 0 {
		line("  %s", v.NoMoves)
	}
	for _, m := range d.Moves {
		line("  %s %s · %s  %d → %d", arrow(m.Up()), truncate(m.TeamName, 80), m.Label, m.From, m.To)
	}
	writeChanges(&b, heading, "Biggest improvements", v.NoImprovements, d.Improvements)
	writeChanges(&b, heading, "Biggest regressions", v.NoRegressions, d.Regressions)

	if v.Team != nil {
		heading("Overdue findings and next step")
	} else {
		heading("Teams: overdue findings and next steps")
	}
	if len(d.Teams) == 0 {
		line("  No team is configured yet.")
	}
	for i, t := range d.Teams {
		if i > 0 {
			line("")
		}
		line("%s — level %s, score %s%s", truncate(t.Name, 80), levelNumber(t.Level), scoreNumber(t.Score),
			parens(deltaText(t.Score, t.PrevScore)))
		if t.URL != "" && v.Team == nil {
			line("  %s", t.URL)
		}
		line("  %s", overdueText(t.Overdue))
		for _, f := range t.Overdue.Worst {
			s := fmt.Sprintf("  - [%s] %s · %s", strings.ToUpper(f.Severity), truncate(f.Repo, 80), truncate(f.Rule, 80))
			if f.RuleText != "" {
				s += " — " + truncate(f.RuleText, 160)
			}
			line("%s · %s", s, daysText(f.DaysOverdue))
		}
		switch {
		case t.Next != nil:
			line("  Next step (%s): %s", labels.Dimension(t.Next.Dimension), nextText(t.Next))
			for _, r := range t.Next.Repos {
				line("    %s: %s", truncate(r.Repo, 80), truncate(r.Detail, 160))
			}
		case t.HasData:
			line("  No next step: every rated dimension is at its top level or waiting for data.")
		default:
			line("  No scorecard yet.")
		}
	}

	line("\n-- ")
	line("Sent by Paved for %s. Levels run from 0 (Initial) to 4 (Leading); the score is out of 100.", d.Week)
	if d.Org.URL != "" {
		line("The dashboard: %s", d.Org.URL)
	}
	return b.String()
}

func writeChanges(b *strings.Builder, heading func(string), title, none string, changes []MetricChange) {
	heading(title)
	if len(changes) == 0 {
		fmt.Fprintf(b, "  %s\n", none)
	}
	for _, c := range changes {
		fmt.Fprintf(b, "  %s %s · %s: %s\n", arrow(c.Change > 0), truncate(c.TeamName, 80), c.Label, changeText(c))
	}
}

func arrow(up bool) string {
	if up {
		return "▲"
	}
	return "▼"
}

func parens(s string) string {
	if s == "" {
		return ""
	}
	return "  (" + s + ")"
}
