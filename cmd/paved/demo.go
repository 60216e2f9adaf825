package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"net"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
	"github.com/paved-dev/paved/fixtures/simorg"
)

const demoSeed = 1

func newDemoCmd(e *env) *cobra.Command {
	var addr, dbPath string
	cmd := &cobra.Command{
		Use: "demo [--addr 127.0.0.1:8080] [--db FILE]",
		Long: "Run Paved on the built-in simulated organisation. The database and a config file\n" +
			"for it are kept in the user's cache directory (or beside --db), and their paths printed,\n" +
			"so `paved score` and `paved digest` can be tried on the demo's data.",
		Short: "Run Paved on the built-in simulated organisation: no token, no network",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), e, addr, dbPath)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", defaultListen, "dashboard address")
	cmd.Flags().StringVar(&dbPath, "db", "", "SQLite file (default: paved/demo/paved.db in the user's cache directory, emptied at start)")
	return cmd
}

// demoConfig is the config of the simulated organisation: one source per simulated
// forge, and the organisation's teams mapped by their forge teams.
func demoConfig(org *simorg.Org, dbPath, listen, githubURL, gitlabURL string) *Config {
	cfg := &Config{
		path:     "(demo)",
		Database: dbPath,
		Listen:   listen,
		URL:      "http://" + listen + "/",
		Sources: []SourceSpec{
			{Name: "gh", Kind: "github", BaseURL: githubURL, TokenEnv: demoTokenEnv, Org: org.GitHubOrg},
			{Name: "gl", Kind: "gitlab", BaseURL: gitlabURL, TokenEnv: demoTokenEnv, Org: org.GitLabRoot},
		},
		Bots: []string{"renovate-bot"},
	}
	for _, t := range org.Teams() {
		spec := TeamSpec{Name: t.Name, Slug: t.Slug}
		if t.GitHub {
			spec.GitHubTeam = t.Slug
		}
		spec.GitLabGroup = t.GitLabGroup
		cfg.Teams = append(cfg.Teams, spec)
	}
	cfg.applyDefaults()
	return cfg
}

// demoTokenEnv carries the simulator's per-run token inside the process only.
const demoTokenEnv = "PAVED_DEMO_GITHUB_TOKEN"

func runDemo(ctx context.Context, e *env, addr, dbPath string) error {
	if dbPath == "" {
		dir, err := demoDir(e.environ)
		if err != nil {
			return usageErrorf("demo: %w", err)
		}
		if dbPath, err = freshDemoDB(dir); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	// The address is taken before collecting, so a busy port is told at once.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usageErrorf("demo: listen: %s: %w", addr, err)
	}
	defer ln.Close()
	now := e.now().UTC().Truncate(time.Hour)
	org := simorg.Generate(demoSeed, simorg.ScaleSmall, now)
	token, err := randomToken()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ghURL, glURL, stopSims, err := startSims(ctx, e, org, "127.0.0.1:0", "127.0.0.1:0", token)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer stopSims()

	cfg := demoConfig(org, dbPath, ln.Addr().String(), ghURL, glURL)
	if err := cfg.validate(); err != nil {
		return usageErrorf("demo: %w", err)
	}
	cfgPath := filepath.Join(filepath.Dir(dbPath), "paved.yaml")
	if err := writeDemoConfig(cfgPath, cfg); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo database: %s\ndemo config: %s (try: paved score --config %s)\n", dbPath, cfgPath, cfgPath)
	de := *e
	de.environ = maps.Clone(e.environ)
	de.environ[demoTokenEnv] = token
	a, err := openApp(ctx, &de, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.collect(ctx, "", false); err != nil {
		return err
	}
	return a.serveDemo(ctx, ln)
}

// startSims serves the organisation through the simulated GitHub and GitLab APIs.
func startSims(ctx context.Context, e *env, org *simorg.Org, ghAddr, glAddr, token string) (ghURL, glURL string, stop func(), err error) {
	gh := githubsim.New(org, githubsim.Options{Token: token, Now: e.now})
	ghURL, stopGH, err := githubsim.Start(ctx, ghAddr, gh)
	if err != nil {
		return "", "", nil, fmt.Errorf("simulated GitHub: %w", err)
	}
	gl := gitlabsim.New(org, gitlabsim.Options{Token: token, Now: e.now})
	glURL, stopGL, err := gitlabsim.Start(ctx, glAddr, gl)
	if err != nil {
		stopGH()
		return "", "", nil, fmt.Errorf("simulated GitLab: %w", err)
	}
	fmt.Fprintf(e.stdout, "simulated GitHub API at %s (organisation %q, %d repos)\n", ghURL, org.GitHubOrg, len(org.Repos(simorg.ForgeGitHub)))
	fmt.Fprintf(e.stdout, "simulated GitLab API at %s (group %q, %d projects)\n", glURL, org.GitLabRoot, len(org.Repos(simorg.ForgeGitLab)))
	return ghURL, glURL, func() { stopGL(); stopGH() }, nil
}

func randomToken() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return "sim_" + hex.EncodeToString(b), nil
}
