package main

import (
	"strings"
	"testing"
	"time"
)

const validConfig = `
database: test.db
sources:
  - name: gh
    kind: github
    base_url: http://127.0.0.1:1/
    token_env: GH_TOKEN
    org: acme
teams:
  - name: Payments Core
    repos: ["gh:acme/payments-*"]
`

func TestParseConfigAcceptsTheContractExample(t *testing.T) {
	cfg, err := parseConfig("paved.yaml", []byte(validConfig), nil)
	if err != nil {
		t.Fatalf("parseConfig: %v", err)
	}
	if cfg.Sources[0].Schedule != defaultSchedule {
		t.Errorf("schedule default = %q, want %q", cfg.Sources[0].Schedule, defaultSchedule)
	}
	if got := teamSlug(cfg.Teams[0]); got != "payments-core" {
		t.Errorf("derived slug = %q, want payments-core", got)
	}
	if cfg.Listen != defaultListen || cfg.ProductionEnvironments != defaultProductionEnvs {
		t.Errorf("defaults not applied: listen %q, production %q", cfg.Listen, cfg.ProductionEnvironments)
	}
	if s := cfg.Sources[0]; s.repoTimeout != 0 || s.passTimeout != 0 {
		t.Errorf("unset timeouts read as %s and %s, want 0 (the collectors' defaults)", s.repoTimeout, s.passTimeout)
	}
}

func TestParseConfigReadsTheTimeoutsFromTheFileAndTheEnvironment(t *testing.T) {
	raw := strings.Replace(validConfig, "    org: acme", "    org: acme\n    repo_timeout: 90s\n    pass_timeout: 1h30m", 1)
	cfg, err := parseConfig("paved.yaml", []byte(raw), map[string]string{"PAVED_SOURCES_0_PASS_TIMEOUT": "45m"})
	if err != nil {
		t.Fatalf("parseConfig: %v", err)
	}
	if s := cfg.Sources[0]; s.repoTimeout != 90*time.Second || s.passTimeout != 45*time.Minute {
		t.Errorf("timeouts %s and %s, want 1m30s from the file and 45m from the environment", s.repoTimeout, s.passTimeout)
	}
}

func TestParseConfigRejectsBadInputNamingTheCulprit(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"an unknown top-level key names file and line", "database: x.db\nsurces: []\n",
			[]string{"paved.yaml", "line 2", `unknown key "surces"`}},
		{"an unknown nested key names its line", strings.Replace(validConfig, "    org: acme", "    org: acme\n    tokne: x", 1),
			[]string{"line 9", `unknown key "tokne"`}},
		{"a wrong kind names the field", strings.Replace(validConfig, "kind: github", "kind: bitbucket", 1),
			[]string{"sources[0].kind", "bitbucket"}},
		{"a missing org names the field", strings.Replace(validConfig, "    org: acme\n", "", 1),
			[]string{"sources[0].org"}},
		{"a relative base_url is rejected", strings.Replace(validConfig, "http://127.0.0.1:1/", "api.github.com", 1),
			[]string{"sources[0].base_url"}},
		{"a bad schedule names the field", strings.Replace(validConfig, "    org: acme", "    org: acme\n    schedule: every hour", 1),
			[]string{"sources[0].schedule", "every hour"}},
		{"a repo pattern on an unknown source", strings.Replace(validConfig, "gh:acme", "gl:acme", 1),
			[]string{"teams[0].repos", `unknown source "gl"`}},
		{"credentials in base_url are refused without echoing them", strings.Replace(validConfig, "http://127.0.0.1:1/", "https://x-token:ghp_s3cret@github.example/", 1),
			[]string{"sources[0].base_url", "credentials"}},
		{"a bad production pattern", validConfig + "production_environments: \"(\"\n",
			[]string{"production_environments"}},
		{"a wrong type names its line", "database: [1, 2]\n",
			[]string{"line 1"}},
		{"email without recipients", validConfig + "digest:\n  email:\n    smtp: localhost:25\n    from: a@b\n",
			[]string{"digest.email.to"}},
		{"a recipient that is no address names the entry", validConfig + "digest:\n  email:\n    smtp: localhost:25\n    from: a@b.example\n    to: [ok@b.example, \"leads at example\"]\n",
			[]string{"digest.email.to[1]", "leads at example", "not an email address"}},
		{"a sender that is no address", validConfig + "digest:\n  email:\n    smtp: localhost:25\n    from: paved\n    to: [ok@b.example]\n",
			[]string{"digest.email.from", `"paved"`}},
		{"a team recipient that is no address", validConfig + "digest:\n  email:\n    smtp: localhost:25\n    from: a@b.example\n    to: [ok@b.example]\n    teams: {payments-core: [x@]}\n",
			[]string{"digest.email.teams.payments-core[0]", `"x@"`}},
		{"an unknown tls mode", validConfig + "digest:\n  email:\n    tls: ssl\n",
			[]string{"digest.email.tls", "ssl"}},
		{"a repo_timeout of zero names the field", strings.Replace(validConfig, "    org: acme", "    org: acme\n    repo_timeout: 0s", 1),
			[]string{"sources[0].repo_timeout", "longer than zero"}},
		{"a negative pass_timeout names the field", strings.Replace(validConfig, "    org: acme", "    org: acme\n    pass_timeout: -1h", 1),
			[]string{"sources[0].pass_timeout", "longer than zero"}},
		{"a timeout without a unit names the field", strings.Replace(validConfig, "    org: acme", "    org: acme\n    repo_timeout: 600", 1),
			[]string{"sources[0].repo_timeout", `"600" is not a duration`}},
		{"of two negative SLAs the first in severity order is named", validConfig + "sla_days: {low: -2, critical: -1}\n",
			[]string{"sla_days.critical", "-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig("paved.yaml", []byte(tc.yaml), nil)
			if err == nil {
				t.Fatal("parseConfig accepted bad input")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q repeats a secret", err)
			}
		})
	}
}

func TestEnvironmentOverridesEveryKindOfField(t *testing.T) {
	environ := map[string]string{
		"PAVED_DATABASE":           "/tmp/other.db",
		"PAVED_SOURCES_0_BASE_URL": "http://127.0.0.1:9/",
		"PAVED_SLA_DAYS_CRITICAL":  "7",
		"PAVED_BOTS":               "a-bot,b-bot",
		"PAVED_DIGEST_EMAIL_TO":    "x@example.com,y@example.com",
		"PAVED_MODEL":              "{review: {2: {pickup_hours_p50: 36}}}",
	}
	cfg, err := parseConfig("paved.yaml", []byte(validConfig), environ)
	if err != nil {
		t.Fatalf("parseConfig: %v", err)
	}
	if cfg.Database != "/tmp/other.db" {
		t.Errorf("database = %q", cfg.Database)
	}
	if cfg.Sources[0].BaseURL != "http://127.0.0.1:9/" || cfg.Sources[0].Name != "gh" || cfg.Sources[0].Org != "acme" {
		t.Errorf("source override lost fields: %+v", cfg.Sources[0])
	}
	if cfg.SLADays.Critical != 7 {
		t.Errorf("sla critical = %d", cfg.SLADays.Critical)
	}
	if len(cfg.Bots) != 2 || len(cfg.Digest.Email.To) != 2 {
		t.Errorf("bots %v, to %v", cfg.Bots, cfg.Digest.Email.To)
	}
	if cfg.Model["review"][2]["pickup_hours_p50"] != 36 {
		t.Errorf("model override = %v", cfg.Model)
	}
}

func TestSourceTokenNamesTheMissingVariableButNeverAValue(t *testing.T) {
	s := SourceSpec{Name: "gh", TokenEnv: "GH_TOKEN"}
	_, err := sourceToken(s, map[string]string{})
	if err == nil || !strings.Contains(err.Error(), "GH_TOKEN") || exitCode(err) != 2 {
		t.Fatalf("missing token: err %v (exit %d), want a usage error naming GH_TOKEN", err, exitCode(err))
	}
	tok, err := sourceToken(s, map[string]string{"GH_TOKEN": " s3cret \n"})
	if err != nil || tok != "s3cret" {
		t.Fatalf("token = %q, %v", tok, err)
	}
}

func TestTeamRecipientsGetTheirOwnDigestChannel(t *testing.T) {
	yaml := validConfig + `digest:
  email:
    smtp: localhost:2525
    tls: none
    from: paved@example.com
    to: [leads@example.com]
    teams:
      payments-core: [pay@example.com, pay-lead@example.com]
`
	cfg, err := parseConfig("paved.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	chans, err := digestChannels(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(chans) != 2 || chans[1].Name != "email:payments-core" || chans[1].Team != "payments-core" {
		t.Fatalf("channels = %+v, want email and email:payments-core", chans)
	}
	if chans[0].CountsOnly || chans[1].CountsOnly {
		t.Errorf("without sign-in every channel gets finding details: %+v", chans)
	}
	// With sign-in on, the organisation-wide list gets counts; the team's own
	// recipients keep their team's details.
	cfg.Auth = &AuthSpec{TrustedHeader: &TrustedHeaderSpec{User: "X-Email"}}
	chans, err = digestChannels(cfg, nil)
	if err != nil || !chans[0].CountsOnly || chans[1].CountsOnly {
		t.Errorf("with sign-in: channels %+v, %v; want the org-wide email counts-only and the team's not", chans, err)
	}
	cfg.Auth = nil

	bad := strings.Replace(yaml, "payments-core: [", "nobody: [", 1)
	if _, err := parseConfig("paved.yaml", []byte(bad), nil); err == nil || !strings.Contains(err.Error(), `"nobody" is not the slug`) {
		t.Fatalf("an unknown team slug was accepted: %v", err)
	}
	env := map[string]string{"PAVED_DIGEST_EMAIL_TEAMS": "{payments-core: [x@example.com]}"}
	cfg, err = parseConfig("paved.yaml", []byte(yaml), env)
	if err != nil || len(cfg.Digest.Email.Teams["payments-core"]) != 1 {
		t.Fatalf("environment override of digest.email.teams: %v %v", cfg.Digest.Email.Teams, err)
	}
}
