package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryTeamErrorIsFoundAtLoad: what rescoring would refuse is refused by
// parseConfig, with the field at fault named.
func TestEveryTeamErrorIsFoundAtLoad(t *testing.T) {
	team := func(lines string) string { return validConfig + "  - " + lines + "\n" }
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"a slug with a space and a bang", team(`name: Bad\n    slug: "Bad Slug!"`),
			[]string{`teams[1].slug: "Bad Slug!" must be lowercase letters, digits and single hyphens, e.g. "bad-slug"`}},
		{"a slug in capitals", team("name: Billing\n    slug: Billing"), []string{`teams[1].slug: "Billing"`}},
		{"a slug with a double hyphen", team("name: Billing\n    slug: bill--ing"), []string{`teams[1].slug: "bill--ing"`, `"bill-ing"`}},
		{"a slug ending in a hyphen", team("name: Billing\n    slug: billing-"), []string{`teams[1].slug: "billing-"`}},
		{"a name that gives no slug", team(`name: "!!!"`), []string{`teams[1].name: "!!!" gives an empty slug`}},
		{"the unassigned team's slug", team("name: Unassigned"), []string{`teams[1].slug: "unassigned" is reserved`}},
		{"the organisation's slug", team("name: Org"), []string{`teams[1].slug: "org" is reserved`}},
		{"a slug taken by an earlier team", team("name: Payments\n    slug: payments-core"), []string{`teams[1].slug: duplicate team slug "payments-core"`}},
		{"a pattern without a glob", team(`name: Billing\n    repos: ["gh:"]`), []string{`teams[1].repos: "gh:" must be SOURCE:GLOB`}},
		{"a pattern with a bad glob", team(`name: Billing\n    repos: ["gh:acme/[x"]`), []string{`teams[1].repos: "gh:acme/[x" is not a valid glob`}},
		{"a listen address without a port", validConfig + "listen: 127.0.0.1\n", []string{`listen: "127.0.0.1" must be HOST:PORT`}},
		{"a listen address with a bad port", validConfig + "listen: 127.0.0.1:http-ish\n", []string{`listen: "127.0.0.1:http-ish" must be HOST:PORT`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig("paved.yaml", []byte(strings.ReplaceAll(tc.yaml, `\n`, "\n")), nil)
			if err == nil {
				t.Fatal("parseConfig accepted it")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestABadTeamSlugIsABadConfigForEveryCommand: score and collect stop at load
// with exit 2 naming the file and field, before opening the database.
func TestABadTeamSlugIsABadConfigForEveryCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "paved.yaml")
	yaml := strings.Replace(validConfig, "database: test.db", "database: "+filepath.Join(dir, "paved.db"), 1) +
		"  - name: Bad\n    slug: \"Bad Slug!\"\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"score", "collect"} {
		_, stderr, code := runCLI(t, map[string]string{"GH_TOKEN": "x"}, cmd, "--config", cfg)
		if code != 2 || !strings.Contains(stderr, cfg) || !strings.Contains(stderr, `teams[1].slug: "Bad Slug!"`) {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming %s and teams[1].slug", cmd, code, stderr, cfg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "paved.db")); !os.IsNotExist(err) {
		t.Errorf("the database was created: %v", err)
	}
}
