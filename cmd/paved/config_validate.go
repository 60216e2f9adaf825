package main

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/jobs"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/scoring"
)

var sourceNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// validate checks every field and names the first one at fault.
func (c *Config) validate() error {
	if err := c.validateSources(); err != nil {
		return err
	}
	if err := c.validateTeams(); err != nil {
		return err
	}
	if _, err := regexp.Compile(c.ProductionEnvironments); err != nil {
		return fmt.Errorf("production_environments: not a valid regular expression: %w", err)
	}
	// A slice, not a map: with several bad fields the one named is always the first.
	for _, sev := range []struct {
		name string
		days int
	}{{"critical", c.SLADays.Critical}, {"high", c.SLADays.High}, {"medium", c.SLADays.Medium}, {"low", c.SLADays.Low}} {
		if sev.days < 0 {
			return fmt.Errorf("sla_days.%s: must be a positive number of days (or 0 for the default), got %d", sev.name, sev.days)
		}
	}
	if err := c.scoringConfigCheck(); err != nil {
		return err
	}
	if err := validateListen(c.Listen); err != nil {
		return err
	}
	if err := c.validateAuth(); err != nil {
		return err
	}
	return c.validateDigest()
}

// scoringConfigCheck validates the scoring configuration every rescore uses
// with the scoring package's own rules.
func (c *Config) scoringConfigCheck() error {
	if err := c.scoringConfig().Validate(); err != nil {
		return fmt.Errorf("model: %w", err)
	}
	return nil
}

// validateListen refuses a listen address serve could not listen on for its
// form, rather than at serve.
func validateListen(listen string) error {
	_, port, err := net.SplitHostPort(listen)
	if err == nil {
		_, err = net.LookupPort("tcp", port)
	}
	if err != nil {
		return fmt.Errorf("listen: %q must be HOST:PORT, e.g. 127.0.0.1:8080", listen)
	}
	return nil
}

func (c *Config) validateSources() error {
	seen := map[string]bool{}
	for i, s := range c.Sources {
		if !sourceNameRe.MatchString(s.Name) {
			return fmt.Errorf("sources[%d].name: %q must be lowercase letters, digits, '-' or '_'", i, s.Name)
		}
		// field names a key of this source: sources[0].org (source "gh").
		field := func(key string) string { return fmt.Sprintf("sources[%d].%s (source %q)", i, key, s.Name) }
		if seen[s.Name] {
			return fmt.Errorf("%s: duplicate source name", field("name"))
		}
		seen[s.Name] = true
		if s.Kind != "github" && s.Kind != "gitlab" {
			return fmt.Errorf("%s: must be github or gitlab, got %q", field("kind"), s.Kind)
		}
		if err := validateBaseURL(i, s, field); err != nil {
			return err
		}
		if err := validateAuthMethod(s, field); err != nil {
			return err
		}
		if err := validateDepth(s, field); err != nil {
			return err
		}
		if s.Org == "" {
			return fmt.Errorf("%s: required (a GitHub organisation or GitLab group)", field("org"))
		}
		if _, err := jobs.ParseSchedule(s.Schedule); err != nil {
			return fmt.Errorf("%s: %w", field("schedule"), err)
		}
		if err := c.Sources[i].parseTimeouts(field); err != nil {
			return err
		}
	}
	return nil
}

// validateBaseURL checks the base_url of sources[i] with the collectors' own
// rules. Its errors never repeat the value: a URL that is wrong may hold a
// token (user-info, a query parameter), and the config error is printed and
// logged.
func validateBaseURL(i int, s SourceSpec, field func(string) string) error {
	_, err := collectors.ParseForgeURL(s.BaseURL, s.AllowInsecureHTTP)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, collectors.ErrInsecureHTTP):
		host := ""
		if u, perr := url.Parse(strings.TrimSpace(s.BaseURL)); perr == nil {
			host = sanitize.Line(u.Host, sanitize.MaxName)
		}
		return fmt.Errorf("%s: http:// to %s, a host that is not loopback, would send the token in clear text; "+
			"use https, or set allow_insecure_http: true on this source (%sSOURCES_%d_ALLOW_INSECURE_HTTP=true)",
			field("base_url"), host, envPrefix, i)
	default:
		return fmt.Errorf("%s: %w", field("base_url"), err)
	}
}

func (c *Config) validateTeams() error {
	kinds := map[string]string{}
	for _, s := range c.Sources {
		kinds[s.Name] = s.Kind
	}
	seen := map[string]bool{}
	for i, t := range c.Teams {
		field := fmt.Sprintf("teams[%d]", i)
		if strings.TrimSpace(t.Name) == "" {
			return fmt.Errorf("%s.name: required", field)
		}
		// A slug is what Slugify makes of itself: lowercase letters and
		// digits in runs joined by single hyphens.
		if t.Slug != "" && scoring.Slugify(t.Slug) != t.Slug {
			return fmt.Errorf("%s.slug: %q must be lowercase letters, digits and single hyphens, e.g. %q", field, t.Slug, scoring.Slugify(t.Slug))
		}
		slug := teamSlug(t)
		if slug == "" {
			return fmt.Errorf("%s.name: %q gives an empty slug; set slug", field, t.Name)
		}
		if slug == scoring.UnassignedSlug || slug == "org" {
			return fmt.Errorf("%s.slug: %q is reserved", field, slug)
		}
		if seen[slug] {
			return fmt.Errorf("%s.slug: duplicate team slug %q", field, slug)
		}
		seen[slug] = true
		for _, p := range t.Repos {
			src, glob, ok := strings.Cut(p, ":")
			if !ok || glob == "" {
				return fmt.Errorf("%s.repos: %q must be SOURCE:GLOB, e.g. gh:acme/payments-*", field, p)
			}
			if _, known := kinds[src]; !known {
				return fmt.Errorf("%s.repos: %q names unknown source %q", field, p, src)
			}
			if _, err := path.Match(glob, ""); err != nil {
				return fmt.Errorf("%s.repos: %q is not a valid glob: %w", field, p, err)
			}
		}
		if t.GitHubTeam != "" && !hasKind(kinds, "github") {
			return fmt.Errorf("%s.github_team: no github source is configured", field)
		}
		if t.GitLabGroup != "" && !hasKind(kinds, "gitlab") {
			return fmt.Errorf("%s.gitlab_group: no gitlab source is configured", field)
		}
	}
	// Every rescore resolves the teams with the scoring package's rules:
	// whatever they would refuse there is refused here, at load.
	if _, err := scoring.ResolveTeams(c.teamSpecs(), nil, nil); err != nil {
		return fmt.Errorf("teams: %w", err)
	}
	return nil
}

func (c *Config) validateDigest() error {
	if _, err := jobs.ParseSchedule(c.Digest.Schedule); err != nil {
		return fmt.Errorf("digest.schedule: %w", err)
	}
	e := c.Digest.Email
	switch e.TLS {
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("digest.email.tls: must be starttls, tls or none, got %q", e.TLS)
	}
	if e.SMTP != "" {
		if !strings.Contains(e.SMTP, ":") {
			return fmt.Errorf("digest.email.smtp: %q must be HOST:PORT", e.SMTP)
		}
		if e.From == "" {
			return errors.New("digest.email.from: required when digest.email.smtp is set")
		}
		if len(e.To) == 0 {
			return errors.New("digest.email.to: required when digest.email.smtp is set")
		}
	}
	if e.From != "" {
		if err := validAddress("digest.email.from", e.From); err != nil {
			return err
		}
	}
	if err := validAddresses("digest.email.to", e.To); err != nil {
		return err
	}
	return c.validateTeamRecipients()
}

// validAddresses checks each entry of a list of addresses is one RFC 5322
// address ("a@b.example" or "Name <a@b.example>"); an error names the entry.
func validAddresses(field string, addrs []string) error {
	for i, a := range addrs {
		if err := validAddress(fmt.Sprintf("%s[%d]", field, i), a); err != nil {
			return err
		}
	}
	return nil
}

func validAddress(field, a string) error {
	if _, err := mail.ParseAddress(a); err != nil {
		return fmt.Errorf("%s: %q is not an email address", field, sanitize.Line(a, sanitize.MaxName))
	}
	return nil
}

func (c *Config) validateTeamRecipients() error {
	if len(c.Digest.Email.Teams) == 0 {
		return nil
	}
	if c.Digest.Email.SMTP == "" {
		return errors.New("digest.email.teams: needs digest.email.smtp")
	}
	slugs := map[string]bool{scoring.UnassignedSlug: true}
	for _, t := range c.Teams {
		slugs[teamSlug(t)] = true
	}
	for slug, to := range c.Digest.Email.Teams {
		if !slugs[slug] {
			return fmt.Errorf("digest.email.teams: %q is not the slug of a configured team", slug)
		}
		if len(to) == 0 {
			return fmt.Errorf("digest.email.teams.%s: no recipients", slug)
		}
		if err := validAddresses("digest.email.teams."+slug, to); err != nil {
			return err
		}
	}
	return nil
}

func hasKind(kinds map[string]string, kind string) bool {
	for _, k := range kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// teamSlug is the configured slug, or one derived from the name.
func teamSlug(t TeamSpec) string {
	if t.Slug != "" {
		return t.Slug
	}
	return scoring.Slugify(t.Name)
}
