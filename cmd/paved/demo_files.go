package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// demoDir is where `paved demo` keeps its database and config when --db is not
// given: the user's cache directory, so `paved score` and `paved digest` can be
// tried on the demo's data while it runs and after it stops.
func demoDir(environ map[string]string) (string, error) {
	if d := environ["XDG_CACHE_HOME"]; d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "paved", "demo"), nil
	}
	if h := environ["HOME"]; h != "" && filepath.IsAbs(h) {
		return filepath.Join(h, ".cache", "paved", "demo"), nil
	}
	return "", errors.New("neither XDG_CACHE_HOME nor HOME is set: give --db FILE")
}

// freshDemoDB makes dir and removes a previous demo's database there, so each
// demo starts from an empty file.
func freshDemoDB(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("demo directory: %w", err)
	}
	path := filepath.Join(dir, "paved.db")
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("demo database: %w", err)
		}
	}
	return path, nil
}

// demoFile is the part of Config a demo's config file states.
type demoFile struct {
	Database string           `yaml:"database"`
	Listen   string           `yaml:"listen"`
	URL      string           `yaml:"url"`
	Sources  []demoFileSource `yaml:"sources"`
	Teams    []demoFileTeam   `yaml:"teams"`
	Bots     []string         `yaml:"bots,omitempty"`
}

type demoFileSource struct {
	Name     string `yaml:"name"`
	Kind     string `yaml:"kind"`
	BaseURL  string `yaml:"base_url"`
	TokenEnv string `yaml:"token_env"`
	Org      string `yaml:"org"`
}

type demoFileTeam struct {
	Name        string `yaml:"name"`
	Slug        string `yaml:"slug"`
	GitHubTeam  string `yaml:"github_team,omitempty"`
	GitLabGroup string `yaml:"gitlab_group,omitempty"`
}

const demoFileHeader = `# The config of a ` + "`paved demo`" + ` run, written by it. The sources are the demo's
# simulated forges, which answer only while the demo runs (with a token it keeps
# to itself); the database stays. Try:
#   paved score --config %[1]s
#   paved digest --config %[1]s --out digest.html
`

// writeDemoConfig writes cfg as a config file others commands can load.
func writeDemoConfig(path string, cfg *Config) error {
	dbPath, err := filepath.Abs(cfg.Database)
	if err != nil {
		return fmt.Errorf("demo config: %w", err)
	}
	f := demoFile{Database: dbPath, Listen: cfg.Listen, URL: cfg.URL, Bots: cfg.Bots}
	for _, s := range cfg.Sources {
		f.Sources = append(f.Sources, demoFileSource{Name: s.Name, Kind: s.Kind, BaseURL: s.BaseURL, TokenEnv: s.TokenEnv, Org: s.Org})
	}
	for _, t := range cfg.Teams {
		f.Teams = append(f.Teams, demoFileTeam{Name: t.Name, Slug: t.Slug, GitHubTeam: t.GitHubTeam, GitLabGroup: t.GitLabGroup})
	}
	body, err := yaml.Marshal(f)
	if err != nil {
		return fmt.Errorf("demo config: %w", err)
	}
	out := append([]byte(fmt.Sprintf(demoFileHeader, path)), body...)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		return fmt.Errorf("demo config: %w", err)
	}
	return nil
}
