package digest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/paved-dev/paved/ui/labels"
)

// chatSummary is the headline both chat formats open with, in plain words.
func chatSummary(v view) (snapshot string, facts [][2]string) {
	snapshot = v.Headline
	if v.History != "" {
		snapshot += " " + v.History
	}
	f := v.Focus
	if !f.HasData {
		return snapshot, nil
	}
	facts = [][2]string{
		{"Maturity level", levelLabel(f.Level) + parens(deltaText(f.Level, f.PrevLevel))},
		{"Score", scoreNumber(f.Score) + " / 100" + parens(deltaText(f.Score, f.PrevScore))},
		{"Overdue critical+high", fmt.Sprintf("%d (%d critical, %d high)", f.Overdue.Total(), f.Overdue.Critical, f.Overdue.High)},
	}
	if v.Team != nil {
		facts = append(facts, [2]string{"Organisation", fmt.Sprintf("level %s, score %s%s",
			levelNumber(v.Org.Level), scoreNumber(v.Org.Score), parens(deltaText(v.Org.Score, v.Org.PrevScore)))})
	}
	return snapshot, facts
}

// chatLines are the entries of a list section, each already escaped by esc.
func moveLines(moves []LevelMove, esc func(string) string) []string {
	var out []string
	for _, m := range moves {
		out = append(out, fmt.Sprintf("%s %s · %s: %d → %d", arrow(m.Up()), esc(truncate(m.TeamName, 60)), m.Label, m.From, m.To))
	}
	return out
}

func changeLines(changes []MetricChange, esc func(string) string) []string {
	var out []string
	for _, c := range changes {
		out = append(out, fmt.Sprintf("%s %s · %s: %s", arrow(c.Change > 0), esc(truncate(c.TeamName, 60)), c.Label, changeText(c)))
	}
	return out
}

// teamLines sums up a team in a few lines: overdue findings and its next step.
func teamLines(t TeamPart, esc func(string) string) []string {
	out := []string{overdueText(t.Overdue)}
	for _, f := range t.Overdue.Worst {
		out = append(out, fmt.Sprintf("• %s %s · %s · %s", strings.ToUpper(esc(truncate(f.Severity, 20))),
			esc(truncate(f.Repo, 80)), esc(truncate(f.Rule, 80)), daysText(f.DaysOverdue)))
	}
	switch {
	case t.Next != nil:
		out = append(out, "Next step ("+labels.Dimension(t.Next.Dimension)+"): "+nextText(t.Next))
	case !t.HasData:
		out = append(out, "No scorecard yet.")
	}
	return out
}

func teamHeadline(t TeamPart) string {
	return fmt.Sprintf("level %s · score %s%s", levelNumber(t.Level), scoreNumber(t.Score), parens(deltaText(t.Score, t.PrevScore)))
}

// joinBounded joins lines with sep into at most limit runes, dropping whole lines
// from the end and saying how many were left out.
func joinBounded(lines []string, sep string, limit int) string {
	for keep := len(lines); keep >= 0; keep-- {
		s := strings.Join(lines[:keep], sep)
		if keep < len(lines) {
			if keep > 0 {
				s += sep
			}
			s += fmt.Sprintf("…and %d more", len(lines)-keep)
		}
		if utf8.RuneCountInString(s) <= limit {
			return s
		}
	}
	return ""
}
