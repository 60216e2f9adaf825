package main

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"github.com/paved-dev/paved/collectors"
)

// AppSpec is a GitHub source's GitHub App, instead of token_env/token_file
// (see the shared contract, "GitHub Apps, quota and history depth"). The key
// is read and parsed at load, kept in memory only, and never echoed.
type AppSpec struct {
	ID int64 `yaml:"id" env:"ID"`
	// InstallationID is optional: the collector looks the installation up
	// from the org when it is 0.
	InstallationID int64  `yaml:"installation_id" env:"INSTALLATION_ID"`
	PrivateKeyFile string `yaml:"private_key_file" env:"PRIVATE_KEY_FILE"`
	PrivateKeyEnv  string `yaml:"private_key_env" env:"PRIVATE_KEY_ENV"`
}

// set reports whether the source configures an app at all.
func (a AppSpec) set() bool { return a != AppSpec{} }

// validateAuthMethod checks that a source has exactly one way to
// authenticate, and the app's fields when that way is an app.
func validateAuthMethod(s SourceSpec, field func(string) string) error {
	token := s.TokenEnv != "" || s.TokenFile != ""
	switch {
	case s.App.set() && s.Kind != "github":
		return fmt.Errorf("%s: a GitHub App authenticates only a github source, this one is %s", field("app"), s.Kind)
	case s.App.set() && token:
		return fmt.Errorf("%s: set either app or token_env/token_file, not both", field("app"))
	case !s.App.set() && !token:
		return fmt.Errorf("%s: set token_env or token_file (or app, on a github source)", field("token_env"))
	case !s.App.set():
		return nil
	case s.App.ID <= 0:
		return fmt.Errorf("%s: the GitHub App's id (a positive number, on the app's settings page) is required", field("app.id"))
	case s.App.InstallationID < 0:
		return fmt.Errorf("%s: must be a positive number, or absent to look it up from the org", field("app.installation_id"))
	case (s.App.PrivateKeyFile == "") == (s.App.PrivateKeyEnv == ""):
		return fmt.Errorf("%s: set exactly one of private_key_file and private_key_env", field("app.private_key_file"))
	}
	return nil
}

// defaultQuotaShare is quota_share when a source leaves it out: a pass
// deepening history leaves a fifth of the hourly quota to other clients.
const defaultQuotaShare = 0.8

// depth is the source's quota_share and history_weeks, defaults filled in.
func (s SourceSpec) depth() (share float64, weeks int) {
	share, weeks = defaultQuotaShare, collectors.DefaultHistoryWeeks
	if s.QuotaShare != nil {
		share = *s.QuotaShare
	}
	if s.HistoryWeeks != nil {
		weeks = *s.HistoryWeeks
	}
	return share, weeks
}

// validateDepth checks quota_share and history_weeks, which bound how a
// first collection deepens history (progressive sync).
func validateDepth(s SourceSpec, field func(string) string) error {
	if q := s.QuotaShare; q != nil && (*q <= 0 || *q > 1) {
		return fmt.Errorf("%s: must be more than 0 and at most 1 (a share of the hourly quota), got %g", field("quota_share"), *q)
	}
	if w := s.HistoryWeeks; w != nil && *w < 1 {
		return fmt.Errorf("%s: must be at least 1 week, got %d", field("history_weeks"), *w)
	}
	return nil
}

// loadAppKeys reads and parses every source's app key, so that a bad key is
// a config error at load, naming the field and never quoting the key.
func (c *Config) loadAppKeys(environ map[string]string) error {
	for i := range c.Sources {
		s := &c.Sources[i]
		if !s.App.set() {
			continue
		}
		field := func(key string) string { return fmt.Sprintf("sources[%d].app.%s (source %q)", i, key, s.Name) }
		var raw []byte
		var where string
		if s.App.PrivateKeyEnv != "" {
			where = field("private_key_env")
			raw = []byte(strings.TrimSpace(environ[s.App.PrivateKeyEnv]))
			if len(raw) == 0 {
				return fmt.Errorf("%s: environment variable %s is not set", where, s.App.PrivateKeyEnv)
			}
		} else {
			where = field("private_key_file")
			var err error
			if raw, err = os.ReadFile(s.App.PrivateKeyFile); err != nil {
				return fmt.Errorf("%s: %s: %w", where, s.App.PrivateKeyFile, unwrapPathError(err))
			}
		}
		key, err := parseAppKey(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		s.appKey = key
	}
	return nil
}

// parseAppKey reads an RSA private key in PEM, PKCS#1 (as GitHub hands it
// out) or PKCS#8. Its errors say what is wrong, never what the input holds.
func parseAppKey(raw []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(raw)
	if block == nil {
		return nil, fmt.Errorf("not a PEM private key (the .pem file GitHub gives for the app)")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("the RSA PRIVATE KEY block does not parse as PKCS#1")
		}
		return key, nil
	case "PRIVATE KEY":
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("the PRIVATE KEY block does not parse as PKCS#8")
		}
		key, ok := parsed.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("a PKCS#8 key that is not RSA: GitHub Apps sign with RSA (RS256)")
		}
		return key, nil
	default:
		return nil, fmt.Errorf("a PEM block of type %q, not an RSA private key (PKCS#1 or PKCS#8)", block.Type)
	}
}

// gitHubApp is what the collector needs of the source's app; nil with a token.
func (s SourceSpec) gitHubApp() *collectors.GitHubApp {
	if !s.App.set() {
		return nil
	}
	return &collectors.GitHubApp{ID: s.App.ID, InstallationID: s.App.InstallationID, Key: s.appKey}
}
