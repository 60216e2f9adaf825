package main

import (
	"regexp"

	"github.com/paved-dev/paved/scoring"
)

// scoringConfig is the model configuration every rescore, page and digest
// uses. validate checks it at load with scoring's rules, production pattern
// first, so compiling the pattern cannot fail here.
func (c *Config) scoringConfig() scoring.Config {
	sc := scoring.DefaultConfig()
	sc.Thresholds = c.Model
	sc.SLADays = slaDays(c)
	sc.Bots = c.Bots
	sc.ProductionPattern = regexp.MustCompile(c.ProductionEnvironments)
	return sc
}

// teamSpecs are the configured teams as scoring resolves them.
func (c *Config) teamSpecs() []scoring.TeamSpec {
	out := make([]scoring.TeamSpec, 0, len(c.Teams))
	for _, t := range c.Teams {
		out = append(out, scoring.TeamSpec{Name: t.Name, Slug: t.Slug, Repos: t.Repos, GitHubTeam: t.GitHubTeam, GitLabGroup: t.GitLabGroup})
	}
	return out
}
