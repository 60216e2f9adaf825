package collectors

import (
	"fmt"
	"strings"

	"github.com/paved-dev/paved/model"
)

// CheckForgeSource checks what every forge source needs: a name, a kind that
// is kind (or empty) and a token. product names the forge in messages
// ("GitHub", "GitLab").
func CheckForgeSource(cfg SourceConfig, kind, product string) error {
	if cfg.Name == "" {
		return fmt.Errorf("%s source: name is empty", strings.ToLower(product))
	}
	if cfg.Kind != "" && cfg.Kind != kind {
		return fmt.Errorf("source %q: kind is %q, not %q", cfg.Name, cfg.Kind, kind)
	}
	switch {
	case cfg.App != nil && kind != model.ForgeGitHub:
		return fmt.Errorf("source %q: a GitHub App cannot authenticate to %s", cfg.Name, product)
	case cfg.App != nil && cfg.Token != "":
		return fmt.Errorf("source %q: both a token and a GitHub App are set", cfg.Name)
	case cfg.App != nil && (cfg.App.ID <= 0 || cfg.App.Key == nil):
		return fmt.Errorf("source %q: the GitHub App needs its id and private key", cfg.Name)
	case cfg.App == nil && strings.TrimSpace(cfg.Token) == "":
		return fmt.Errorf("source %q: the %s token is empty", cfg.Name, product)
	}
	return nil
}

// ForgeSourceDefaults fills in the concurrency (4 repos at once), deadlines,
// history depth and SLA days a forge source left unset.
func ForgeSourceDefaults(cfg *SourceConfig) {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.RepoTimeout <= 0 {
		cfg.RepoTimeout = DefaultRepoTimeout
	}
	if cfg.PassTimeout <= 0 {
		cfg.PassTimeout = DefaultPassTimeout
	}
	if cfg.HistoryWeeks <= 0 {
		cfg.HistoryWeeks = DefaultHistoryWeeks
	}
	if cfg.SLADays == (model.SLADays{}) {
		cfg.SLADays = model.DefaultSLADays
	}
}
