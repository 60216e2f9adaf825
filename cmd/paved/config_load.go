package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	envparse "github.com/caarlos0/env/v11"
	"go.yaml.in/yaml/v3"
)

// envPrefix is the prefix of every environment override.
const envPrefix = "PAVED_"

// loadConfig reads a YAML file strictly (an unknown key is an error naming the file and
// line), applies environment overrides, defaults, and validates. environ is os.Environ
// in production and a fixed map in tests.
func loadConfig(path string, environ map[string]string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("config %s: %w", path, unwrapPathError(err))
	}
	cfg, err := parseConfig(path, raw, environ)
	if err != nil {
		return nil, usageError{err}
	}
	return cfg, nil
}

func parseConfig(path string, raw []byte, environ map[string]string) (*Config, error) {
	cfg := &Config{path: path}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: %s", path, describeYAMLError(err))
	}
	if err := envparse.ParseWithOptions(cfg, envparse.Options{Prefix: envPrefix, Environment: environ}); err != nil {
		return nil, fmt.Errorf("config %s: environment override: %w", path, err)
	}
	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := cfg.loadAuthSecrets(environ); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := cfg.loadAppKeys(environ); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := cfg.loadDatabasePassword(environ); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

var (
	unknownFieldRe = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
	yamlLineRe     = regexp.MustCompile(`^yaml: (line \d+: .*)$`)
)

// describeYAMLError turns the decoder's messages into sentences a user can act on.
func describeYAMLError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, 0, len(te.Errors))
		for _, m := range te.Errors {
			if g := unknownFieldRe.FindStringSubmatch(m); g != nil {
				m = fmt.Sprintf("line %s: unknown key %q", g[1], g[2])
			}
			msgs = append(msgs, m)
		}
		return strings.Join(msgs, "; ")
	}
	msg := err.Error()
	if g := yamlLineRe.FindStringSubmatch(msg); g != nil {
		return g[1]
	}
	return strings.TrimPrefix(msg, "yaml: ")
}

// UnmarshalText lets PAVED_MODEL carry the overrides as YAML or JSON.
func (m *ModelOverride) UnmarshalText(text []byte) error {
	var out ModelOverride
	if err := yaml.Unmarshal(text, &out); err != nil {
		return fmt.Errorf("model: %s", describeYAMLError(err))
	}
	*m = out
	return nil
}

// UnmarshalText lets PAVED_DIGEST_EMAIL_TEAMS carry the map as YAML or JSON.
func (t *TeamRecipients) UnmarshalText(text []byte) error {
	var out TeamRecipients
	if err := yaml.Unmarshal(text, &out); err != nil {
		return fmt.Errorf("digest.email.teams: %s", describeYAMLError(err))
	}
	*t = out
	return nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// environMap is os.Environ as a map.
func environMap() map[string]string {
	m := make(map[string]string)
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}
