package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"

	"github.com/paved-dev/paved/ui"
)

// AuthSpec is access control to the dashboard (see the shared contract, "Access
// control"). Absent, only a loopback `listen` is allowed.
type AuthSpec struct {
	OIDC          *OIDCSpec          `yaml:"oidc" envPrefix:"OIDC_"`
	TrustedHeader *TrustedHeaderSpec `yaml:"trusted_header" envPrefix:"TRUSTED_HEADER_"`
	Roles         RolesSpec          `yaml:"roles" envPrefix:"ROLES_"`
	SessionKeyEnv string             `yaml:"session_key_env" env:"SESSION_KEY_ENV"`
	// None serves without sign-in on purpose, on any listen address.
	None bool `yaml:"none" env:"NONE"`
	// AllowedHosts are further host names the dashboard answers to, besides the
	// listen address's and url's.
	AllowedHosts []string `yaml:"allowed_hosts" env:"ALLOWED_HOSTS"`
}

// OIDCSpec is sign-in with an OpenID Connect provider.
type OIDCSpec struct {
	Issuer          string   `yaml:"issuer" env:"ISSUER"`
	ClientID        string   `yaml:"client_id" env:"CLIENT_ID"`
	ClientSecretEnv string   `yaml:"client_secret_env" env:"CLIENT_SECRET_ENV"`
	Scopes          []string `yaml:"scopes" env:"SCOPES"`
	GroupsClaim     string   `yaml:"groups_claim" env:"GROUPS_CLAIM"`
}

// TrustedHeaderSpec is sign-in by an authenticating proxy in front of Paved.
type TrustedHeaderSpec struct {
	User           string   `yaml:"user" env:"USER"`
	Groups         string   `yaml:"groups" env:"GROUPS"`
	TrustedProxies []string `yaml:"trusted_proxies" env:"TRUSTED_PROXIES"`
}

// RolesSpec lists "group:NAME" and "user:EMAIL" per role; a nil Viewer makes
// every signed-in user a viewer.
type RolesSpec struct {
	Admin    []string `yaml:"admin" env:"ADMIN"`
	Security []string `yaml:"security" env:"SECURITY"`
	Viewer   []string `yaml:"viewer" env:"VIEWER"`
}

// TLSSpec serves HTTPS natively.
type TLSSpec struct {
	CertFile string `yaml:"cert_file" env:"CERT_FILE"`
	KeyFile  string `yaml:"key_file" env:"KEY_FILE"`
}

const minSessionKey = 32

// signIn reports whether the config asks for sign-in (not none, not absent).
func (c *Config) signIn() bool {
	return c.Auth != nil && !c.Auth.None && (c.Auth.OIDC != nil || c.Auth.TrustedHeader != nil)
}

// isLoopbackListen reports whether a listen address is reachable from this host only.
func isLoopbackListen(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// validateAuth checks auth, tls and the teams' members, and refuses a dashboard
// reachable from other hosts without sign-in.
func (c *Config) validateAuth() error {
	if !isLoopbackListen(c.Listen) && (c.Auth == nil || (!c.Auth.None && !c.signIn())) {
		return fmt.Errorf("listen: %s is reachable from other hosts but no auth is configured; set auth.oidc or auth.trusted_header (or auth.none: true to serve without sign-in on purpose), or listen on 127.0.0.1", c.Listen)
	}
	for i, t := range c.Teams {
		if err := checkPrincipals(fmt.Sprintf("teams[%d].members", i), t.Members); err != nil {
			return err
		}
	}
	if (c.TLS.CertFile == "") != (c.TLS.KeyFile == "") {
		return errors.New("tls: set both cert_file and key_file, or neither")
	}
	a := c.Auth
	if a == nil {
		return nil
	}
	if a.None {
		if a.OIDC != nil || a.TrustedHeader != nil {
			return errors.New("auth.none: true turns sign-in off; remove auth.oidc and auth.trusted_header, or set none: false")
		}
		return nil
	}
	if a.OIDC == nil && a.TrustedHeader == nil {
		return errors.New("auth: set oidc or trusted_header (or none: true to serve without sign-in on purpose)")
	}
	for _, r := range []struct {
		name string
		list []string
	}{{"admin", a.Roles.Admin}, {"security", a.Roles.Security}, {"viewer", a.Roles.Viewer}} {
		if err := checkPrincipals("auth.roles."+r.name, r.list); err != nil {
			return err
		}
	}
	if a.SessionKeyEnv == "" {
		return errors.New("auth.session_key_env: name the environment variable holding the session key (at least 32 random bytes, e.g. openssl rand -base64 48)")
	}
	if o := a.OIDC; o != nil {
		u, err := url.Parse(o.Issuer)
		if err != nil || u.Host == "" || (u.Scheme != "https" && (u.Scheme != "http" || !isLoopbackHost(u.Hostname()))) {
			return fmt.Errorf("auth.oidc.issuer: %q must be an https URL (http only on loopback)", o.Issuer)
		}
		if o.ClientID == "" {
			return errors.New("auth.oidc.client_id: required")
		}
		pu, err := url.Parse(c.URL)
		if err != nil || pu.Host == "" || (pu.Scheme != "http" && pu.Scheme != "https") {
			return errors.New("url: sign-in with auth.oidc needs the dashboard's public URL (its /auth/callback is the redirect URL)")
		}
	}
	if th := a.TrustedHeader; th != nil {
		if th.User == "" {
			return errors.New("auth.trusted_header.user: name the header carrying the user's email, e.g. X-Forwarded-Email")
		}
		if len(th.TrustedProxies) == 0 {
			return errors.New("auth.trusted_header.trusted_proxies: list the proxy's addresses (CIDRs); the headers are believed only from them")
		}
		if _, err := parsePrefixes(th.TrustedProxies); err != nil {
			return fmt.Errorf("auth.trusted_header.trusted_proxies: %w", err)
		}
	}
	return nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.IsLoopback()
}

func checkPrincipals(field string, list []string) error {
	for _, p := range list {
		kind, name, ok := strings.Cut(p, ":")
		if !ok || (kind != "group" && kind != "user") || strings.TrimSpace(name) == "" {
			return fmt.Errorf("%s: %q must be \"group:NAME\" or \"user:EMAIL\"", field, p)
		}
	}
	return nil
}

// parsePrefixes reads CIDRs; a bare address is a /32 (or /128).
func parsePrefixes(list []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR", s)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// loadAuthSecrets reads the session key (and checks the OIDC client secret is
// set) at load, so a missing or short one fails at start.
func (c *Config) loadAuthSecrets(environ map[string]string) error {
	if !c.signIn() {
		return nil
	}
	name := c.Auth.SessionKeyEnv
	key := environ[name]
	if len(key) < minSessionKey {
		return fmt.Errorf("auth.session_key_env: $%s must hold at least %d bytes (it has %d); e.g. openssl rand -base64 48", name, minSessionKey, len(key))
	}
	c.sessionKey = []byte(key)
	if o := c.Auth.OIDC; o != nil && o.ClientSecretEnv != "" && environ[o.ClientSecretEnv] == "" {
		return fmt.Errorf("auth.oidc.client_secret_env: $%s is not set", o.ClientSecretEnv)
	}
	return nil
}

// uiAccess is the dashboard's access control and host allowlist from the config.
func (c *Config) uiAccess(environ map[string]string) (ui.Options, error) {
	var o ui.Options
	o.PublicURL = c.URL
	o.AllowedHosts, o.AnyIPHost = c.allowedHosts()
	if !c.signIn() {
		return o, nil
	}
	a := c.Auth
	ao := &ui.AuthOptions{
		SessionKey: c.sessionKey,
		Roles:      ui.Roles{Admin: a.Roles.Admin, Security: a.Roles.Security, Viewer: a.Roles.Viewer},
		Teams:      map[string][]string{},
	}
	for _, t := range c.Teams {
		ao.Teams[teamSlug(t)] = t.Members
	}
	if oc := a.OIDC; oc != nil {
		ao.OIDC = &ui.OIDCOptions{Issuer: oc.Issuer, ClientID: oc.ClientID, Scopes: oc.Scopes, GroupsClaim: oc.GroupsClaim}
		if oc.ClientSecretEnv != "" {
			ao.OIDC.ClientSecret = environ[oc.ClientSecretEnv]
		}
	}
	if th := a.TrustedHeader; th != nil {
		prefixes, err := parsePrefixes(th.TrustedProxies)
		if err != nil {
			return o, usageErrorf("auth.trusted_header.trusted_proxies: %w", err)
		}
		ao.TrustedHeader = &ui.TrustedHeaderOptions{User: th.User, Groups: th.Groups, TrustedProxies: prefixes}
	}
	o.Auth = ao
	return o, nil
}

// allowedHosts are the host names the dashboard answers to: the listen host, the
// url's host, loopback names when listening on loopback, and auth.allowed_hosts.
// A listener on every interface also admits IP-literal hosts.
func (c *Config) allowedHosts() (hosts []string, anyIP bool) {
	host, _, err := net.SplitHostPort(c.Listen)
	if err == nil {
		if ip, err := netip.ParseAddr(host); (err == nil && ip.IsUnspecified()) || host == "" {
			anyIP = true
		} else {
			hosts = append(hosts, host)
		}
	}
	if isLoopbackListen(c.Listen) {
		hosts = append(hosts, "localhost", "127.0.0.1", "::1")
	}
	if u, err := url.Parse(c.URL); err == nil && u.Hostname() != "" {
		hosts = append(hosts, u.Hostname())
	}
	if c.Auth != nil {
		hosts = append(hosts, c.Auth.AllowedHosts...)
	}
	return hosts, anyIP
}
