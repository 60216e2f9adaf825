package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testkit"
)

// appConfig is validConfig with its source's token_env line replaced by app.
func appConfig(app string) string {
	return strings.Replace(validConfig, "    token_env: GH_TOKEN\n", app, 1)
}

func writeKey(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "app.pem")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAGitHubAppSourceLoadsItsKeyInEitherPEMForm(t *testing.T) {
	k := testkit.GitHubAppKey(t, 0)
	cases := []struct {
		name, app    string
		environ      map[string]string
		installation int64
	}{
		{"PKCS#1 from a file, as GitHub hands it out",
			"    app: {id: 123456, installation_id: 7890123, private_key_file: " + writeKey(t, k.PKCS1) + "}\n", nil, 7890123},
		{"PKCS#8 from the environment, the installation to be looked up",
			"    app: {id: 123456, private_key_env: APP_KEY}\n", map[string]string{"APP_KEY": string(k.PKCS8)}, 0},
		{"every app field from the environment", "    app: {}\n", map[string]string{
			"PAVED_SOURCES_0_APP_ID": "123456", "PAVED_SOURCES_0_APP_INSTALLATION_ID": "7890123",
			"PAVED_SOURCES_0_APP_PRIVATE_KEY_ENV": "APP_KEY", "APP_KEY": string(k.PKCS1)}, 7890123},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseConfig("paved.yaml", []byte(appConfig(tc.app)), tc.environ)
			if err != nil {
				t.Fatalf("parseConfig: %v", err)
			}
			s := cfg.Sources[0]
			app := s.gitHubApp()
			if app == nil || app.ID != 123456 || app.InstallationID != tc.installation || app.Key == nil || !app.Key.Equal(k.Key) {
				t.Fatalf("app = %+v, want id 123456, installation %d and the key", app, tc.installation)
			}
		})
	}
}

func TestQuotaShareAndHistoryWeeksAreCheckedAndKept(t *testing.T) {
	cfg, err := parseConfig("paved.yaml", []byte(strings.Replace(validConfig, "    org: acme",
		"    org: acme\n    quota_share: 0.8\n    history_weeks: 52", 1)), map[string]string{"PAVED_SOURCES_0_HISTORY_WEEKS": "26"})
	if err != nil {
		t.Fatalf("parseConfig: %v", err)
	}
	s := cfg.Sources[0]
	if s.QuotaShare == nil || *s.QuotaShare != 0.8 || s.HistoryWeeks == nil || *s.HistoryWeeks != 26 {
		t.Errorf("quota_share %v, history_weeks %v; want 0.8 and the environment's 26", s.QuotaShare, s.HistoryWeeks)
	}
}

func TestAppAndDepthErrorsNameTheFieldAndNeverTheKey(t *testing.T) {
	k := testkit.GitHubAppKey(t, 0)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecDER, err := x509.MarshalPKCS8PrivateKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	ecPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})
	garbage := []byte("-----BEGIN RSA PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END RSA PRIVATE KEY-----\n")
	gitlab := strings.NewReplacer("kind: github", "kind: gitlab", "    token_env: GH_TOKEN\n",
		"    app: {id: 1, private_key_file: "+writeKey(t, k.PKCS1)+"}\n").Replace(validConfig)
	depth := func(line string) string {
		return strings.Replace(validConfig, "    org: acme", "    org: acme\n"+line, 1)
	}
	cases := []struct {
		name, yaml string
		environ    map[string]string
		want       []string
	}{
		{"an app beside a token", strings.Replace(validConfig, "    org: acme",
			"    org: acme\n    app: {id: 1, private_key_env: K}", 1), nil,
			[]string{"sources[0].app", "not both"}},
		{"an app on a gitlab source", gitlab, nil, []string{"sources[0].app", "only a github source"}},
		{"an app without its id", appConfig("    app: {private_key_env: K}\n"), nil, []string{"sources[0].app.id"}},
		{"both key fields", appConfig("    app: {id: 1, private_key_env: K, private_key_file: /k.pem}\n"), nil,
			[]string{"sources[0].app.private_key_file", "exactly one"}},
		{"a key variable not set", appConfig("    app: {id: 1, private_key_env: APP_KEY}\n"), nil,
			[]string{"sources[0].app.private_key_env", "APP_KEY", "not set"}},
		{"a key file missing", appConfig("    app: {id: 1, private_key_file: /nonexistent/app.pem}\n"), nil,
			[]string{"sources[0].app.private_key_file", "/nonexistent/app.pem", "no such file"}},
		{"a key that is no PEM", appConfig("    app: {id: 1, private_key_env: APP_KEY}\n"),
			map[string]string{"APP_KEY": "SECRETSECRET"}, []string{"sources[0].app.private_key_env", "not a PEM private key"}},
		{"a PEM block that is no PKCS#1", appConfig("    app: {id: 1, private_key_file: " + writeKey(t, garbage) + "}\n"), nil,
			[]string{"sources[0].app.private_key_file", "PKCS#1"}},
		{"an EC key", appConfig("    app: {id: 1, private_key_file: " + writeKey(t, ecPEM) + "}\n"), nil,
			[]string{"sources[0].app.private_key_file", "not RSA"}},
		{"a quota_share of 0", depth("    quota_share: 0"), nil, []string{"sources[0].quota_share", "more than 0"}},
		{"a quota_share above 1", depth("    quota_share: 1.5"), nil, []string{"sources[0].quota_share", "1.5"}},
		{"a history of 0 weeks", depth("    history_weeks: 0"), nil, []string{"sources[0].history_weeks", "at least 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig("paved.yaml", []byte(tc.yaml), tc.environ)
			if err == nil {
				t.Fatal("parseConfig accepted bad input")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "U0VDUkVU") {
				t.Errorf("error %q repeats the key", err)
			}
		})
	}
}
