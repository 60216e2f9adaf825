package scoring

import "strings"

// botSet holds the configured bot logins, lowercased.
type botSet map[string]bool

func newBotSet(logins []string) botSet {
	b := make(botSet, len(logins))
	for _, l := range logins {
		if l = strings.TrimSpace(l); l != "" {
			b[strings.ToLower(l)] = true
		}
	}
	return b
}

// is reports a bot: the forge's own flag, a GitHub App login ("name[bot]"), or a
// login listed in config.
func (b botSet) is(login string, flag bool) bool {
	if flag {
		return true
	}
	if n := len(login); n >= 5 && strings.EqualFold(login[n-5:], "[bot]") {
		return true
	}
	return len(b) > 0 && b[strings.ToLower(login)]
}
