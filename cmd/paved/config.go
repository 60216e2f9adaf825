package main

import (
	"crypto/rsa"
	"time"
)

// Config is the YAML configuration of paved (see shared contract). Every field may be
// overridden from the environment: PAVED_DATABASE, PAVED_SOURCES_0_BASE_URL,
// PAVED_SLA_DAYS_CRITICAL, PAVED_DIGEST_EMAIL_TO (comma separated), PAVED_MODEL (YAML)…
type Config struct {
	Database               string        `yaml:"database" env:"DATABASE"` // a SQLite file or a postgres:// URL
	DatabasePasswordEnv    string        `yaml:"database_password_env" env:"DATABASE_PASSWORD_ENV"`
	Listen                 string        `yaml:"listen" env:"LISTEN"`
	URL                    string        `yaml:"url" env:"URL"` // public dashboard URL, for links in digests
	Sources                []SourceSpec  `yaml:"sources" envPrefix:"SOURCES"`
	Teams                  []TeamSpec    `yaml:"teams" envPrefix:"TEAMS"`
	Bots                   []string      `yaml:"bots" env:"BOTS"`
	ProductionEnvironments string        `yaml:"production_environments" env:"PRODUCTION_ENVIRONMENTS"`
	SLADays                SLADaysSpec   `yaml:"sla_days" envPrefix:"SLA_DAYS_"`
	Model                  ModelOverride `yaml:"model" env:"MODEL"`
	Digest                 DigestSpec    `yaml:"digest" envPrefix:"DIGEST_"`
	AuditRetention         retentionSpec `yaml:"audit_retention" env:"AUDIT_RETENTION"` // see config_audit.go
	Auth                   *AuthSpec     `yaml:"auth" envPrefix:"AUTH_"`                // see config_auth.go
	TLS                    TLSSpec       `yaml:"tls" envPrefix:"TLS_"`

	path string // the file it was read from, for error messages
	// sessionKey is auth.session_key_env's value, read at load (config_auth.go).
	sessionKey []byte
	// databasePassword is database_password_env's value, read at load (config_database.go).
	databasePassword string
}

// SourceSpec is one forge source.
type SourceSpec struct {
	Name      string `yaml:"name" env:"NAME"`
	Kind      string `yaml:"kind" env:"KIND"`
	BaseURL   string `yaml:"base_url" env:"BASE_URL"`
	TokenEnv  string `yaml:"token_env" env:"TOKEN_ENV"`
	TokenFile string `yaml:"token_file" env:"TOKEN_FILE"`
	Org       string `yaml:"org" env:"ORG"`
	Schedule  string `yaml:"schedule" env:"SCHEDULE"`
	// AllowInsecureHTTP permits an http:// base_url to a host that is not
	// loopback; the token then travels in clear text.
	AllowInsecureHTTP bool `yaml:"allow_insecure_http" env:"ALLOW_INSECURE_HTTP"`
	// RepoTimeout bounds one repo's share of a pass, PassTimeout the whole
	// pass: Go durations, read into repoTimeout and passTimeout at load
	// (config_timeouts.go); empty keeps the defaults, 10m and 2h.
	RepoTimeout string `yaml:"repo_timeout" env:"REPO_TIMEOUT"`
	PassTimeout string `yaml:"pass_timeout" env:"PASS_TIMEOUT"`
	// App authenticates a github source as a GitHub App (config_app.go).
	App AppSpec `yaml:"app" envPrefix:"APP_"`
	// QuotaShare (0 < x ≤ 1, default 0.8) is the share of the hourly quota a
	// pass may spend deepening history, HistoryWeeks (≥ 1, default 52) how
	// far back it goes (config_app.go).
	QuotaShare   *float64 `yaml:"quota_share" env:"QUOTA_SHARE"`
	HistoryWeeks *int     `yaml:"history_weeks" env:"HISTORY_WEEKS"`

	repoTimeout, passTimeout time.Duration
	// appKey is the app's private key, read and parsed at load.
	appKey *rsa.PrivateKey
}

// TeamSpec is one team and the repos it owns.
type TeamSpec struct {
	Name        string   `yaml:"name" env:"NAME"`
	Slug        string   `yaml:"slug" env:"SLUG"`
	Repos       []string `yaml:"repos" env:"REPOS"`
	GitHubTeam  string   `yaml:"github_team" env:"GITHUB_TEAM"`
	GitLabGroup string   `yaml:"gitlab_group" env:"GITLAB_GROUP"`
	// Members see the team's finding details: "group:NAME" or "user:EMAIL".
	Members []string `yaml:"members" env:"MEMBERS"`
}

// SLADaysSpec overrides the remediation SLA per severity; zero keeps the default.
type SLADaysSpec struct {
	Critical int `yaml:"critical" env:"CRITICAL"`
	High     int `yaml:"high" env:"HIGH"`
	Medium   int `yaml:"medium" env:"MEDIUM"`
	Low      int `yaml:"low" env:"LOW"`
}

// DigestSpec configures the weekly digest.
type DigestSpec struct {
	Schedule        string    `yaml:"schedule" env:"SCHEDULE"`
	Email           EmailSpec `yaml:"email" envPrefix:"EMAIL_"`
	SlackWebhookEnv string    `yaml:"slack_webhook_env" env:"SLACK_WEBHOOK_ENV"`
	TeamsWebhookEnv string    `yaml:"teams_webhook_env" env:"TEAMS_WEBHOOK_ENV"`
}

// EmailSpec configures digest delivery by SMTP.
type EmailSpec struct {
	SMTP        string   `yaml:"smtp" env:"SMTP"`
	TLS         string   `yaml:"tls" env:"TLS"`
	From        string   `yaml:"from" env:"FROM"`
	To          []string `yaml:"to" env:"TO"`
	UsernameEnv string   `yaml:"username_env" env:"USERNAME_ENV"`
	PasswordEnv string   `yaml:"password_env" env:"PASSWORD_ENV"`
	// Teams sends each listed team its own part of the digest, besides the full
	// digest to To: team slug → recipients.
	Teams TeamRecipients `yaml:"teams" env:"TEAMS"`
}

// TeamRecipients maps a team slug to the addresses that get that team's part.
type TeamRecipients map[string][]string

// ModelOverride holds threshold overrides keyed dimension → level → metric.
type ModelOverride map[string]map[int]map[string]float64

// Defaults of the contract.
const (
	defaultDatabase       = "paved.db"
	defaultListen         = "127.0.0.1:8080"
	defaultSchedule       = "@every 1h"
	defaultDigestSchedule = "0 8 * * MON"
	defaultProductionEnvs = "(?i)^prod(uction)?$"
	defaultGitHubBaseURL  = "https://api.github.com/"
	defaultGitLabBaseURL  = "https://gitlab.com/api/v4/"
)

func (c *Config) applyDefaults() {
	if c.Database == "" {
		c.Database = defaultDatabase
	}
	if c.Listen == "" {
		c.Listen = defaultListen
	}
	if c.ProductionEnvironments == "" {
		c.ProductionEnvironments = defaultProductionEnvs
	}
	if c.Digest.Schedule == "" {
		c.Digest.Schedule = defaultDigestSchedule
	}
	if c.Digest.Email.TLS == "" {
		c.Digest.Email.TLS = "starttls"
	}
	for i := range c.Sources {
		s := &c.Sources[i]
		if s.Schedule == "" {
			s.Schedule = defaultSchedule
		}
		if s.BaseURL == "" {
			switch s.Kind {
			case "github":
				s.BaseURL = defaultGitHubBaseURL
			case "gitlab":
				s.BaseURL = defaultGitLabBaseURL
			}
		}
	}
}
