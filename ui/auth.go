package ui

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Roles, weakest first. A role includes every weaker one.
const (
	RoleViewer   = "viewer"
	RoleSecurity = "security"
	RoleAdmin    = "admin"
)

// roleRank orders roles; 0 is "no role".
func roleRank(role string) int {
	switch role {
	case RoleViewer:
		return 1
	case RoleSecurity:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// AuthOptions turn on access control. A nil Options.Auth serves every page to
// anyone who can reach the listener (loopback and `auth.none` only: cmd/paved
// refuses anything else).
type AuthOptions struct {
	// OIDC signs people in with an OpenID Connect provider; nil without.
	OIDC *OIDCOptions
	// TrustedHeader believes an authenticating proxy's headers; nil without.
	TrustedHeader *TrustedHeaderOptions
	// Roles maps each role to "group:NAME" and "user:EMAIL" principals. A nil
	// Viewer makes every signed-in user a viewer.
	Roles Roles
	// SessionKey signs and encrypts session cookies (at least 32 bytes). The same
	// key on every replica and across restarts keeps sessions valid.
	SessionKey []byte
	// Teams maps a team slug to the principals who see its finding details,
	// besides the security and admin roles.
	Teams map[string][]string
	// Tokens checks API tokens; nil refuses every bearer token.
	Tokens TokenChecker
	// Audit records sign-ins, exports and admin page views; nil records nothing.
	Audit AuditLog
	// SessionIdle ends a session unused for this long (default 12h); SessionMax
	// ends any session this long after sign-in (default 7 days).
	SessionIdle, SessionMax time.Duration
}

// OIDCOptions configure sign-in with an OpenID Connect provider (authorization
// code flow with PKCE S256, state and nonce).
type OIDCOptions struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	Scopes       []string // default openid, email, profile
	GroupsClaim  string   // default groups
	// HTTPClient talks to the provider (discovery, JWKS, token); nil is a client
	// with a 15 s timeout.
	HTTPClient *http.Client
}

// TrustedHeaderOptions read the user from headers set by an authenticating proxy.
type TrustedHeaderOptions struct {
	User           string // header carrying the user's email, e.g. X-Forwarded-Email
	Groups         string // optional header with comma-separated groups
	TrustedProxies []netip.Prefix
}

// Roles lists who holds each role.
type Roles struct {
	Admin, Security, Viewer []string
}

// TokenIdentity is who an API token speaks for.
type TokenIdentity struct {
	Name string
	Role string // viewer, security or admin
}

// TokenChecker resolves an API token's plaintext; it returns an error for an
// unknown, revoked or expired token.
type TokenChecker interface {
	CheckAPIToken(ctx context.Context, plaintext string) (TokenIdentity, error)
}

// AuditEvent is one line of the audit log.
type AuditEvent struct {
	At      time.Time
	Actor   string // user email, "token:NAME", or "" when unknown
	Action  string // e.g. sign_in, export, admin_view
	Target  string
	Remote  string // the client's address
	Outcome string // ok, refused, …
}

// AuditLog stores audit events.
type AuditLog interface {
	Record(ctx context.Context, ev AuditEvent) error
	Recent(ctx context.Context, limit int) ([]AuditEvent, error)
}

// Audit actions.
const (
	AuditSignIn    = "sign_in"
	AuditSignOut   = "sign_out"
	AuditExport    = "export"
	AuditAdminView = "admin_view"
)

// identity is who a request comes from.
type identity struct {
	User   string   // email (or subject when the provider gives no email); "token:NAME" for API tokens
	Groups []string // only those the config mentions
	Role   string   // "" when the user holds no role
	Via    string   // session, token, header, none
	CSRF   string   // the CSRF token its forms carry; "" for API tokens

	csrfSubject string // what the CSRF token is derived from
}

// privileged reports whether the identity sees every team's finding details.
func (id *identity) privileged() bool { return roleRank(id.Role) >= roleRank(RoleSecurity) }

func (a *AuthOptions) validate() error {
	if a.OIDC == nil && a.TrustedHeader == nil {
		return errors.New("ui: Auth needs OIDC or TrustedHeader")
	}
	if len(a.SessionKey) < 32 {
		return errors.New("ui: Auth.SessionKey must be at least 32 bytes")
	}
	if a.OIDC != nil && (a.OIDC.Issuer == "" || a.OIDC.ClientID == "") {
		return errors.New("ui: Auth.OIDC needs Issuer and ClientID")
	}
	if a.TrustedHeader != nil && a.TrustedHeader.User == "" {
		return errors.New("ui: Auth.TrustedHeader needs User")
	}
	return nil
}

// matches reports whether a user with these groups is one of the principals.
func matches(principals []string, user string, groups []string) bool {
	for _, p := range principals {
		kind, name, ok := strings.Cut(p, ":")
		if !ok {
			continue
		}
		switch kind {
		case "user":
			if user != "" && strings.EqualFold(name, user) {
				return true
			}
		case "group":
			if slices.Contains(groups, name) {
				return true
			}
		}
	}
	return false
}

// roleOf is the strongest role the config gives the user; "" for none.
func (a *AuthOptions) roleOf(user string, groups []string) string {
	switch {
	case matches(a.Roles.Admin, user, groups):
		return RoleAdmin
	case matches(a.Roles.Security, user, groups):
		return RoleSecurity
	case a.Roles.Viewer == nil || matches(a.Roles.Viewer, user, groups):
		return RoleViewer
	}
	return ""
}

// knownGroups are the groups the config mentions: only these are kept in the
// session cookie, which keeps it small with providers that send hundreds.
func (a *AuthOptions) knownGroups() map[string]bool {
	out := map[string]bool{}
	add := func(ps []string) {
		for _, p := range ps {
			if name, ok := strings.CutPrefix(p, "group:"); ok {
				out[name] = true
			}
		}
	}
	add(a.Roles.Admin)
	add(a.Roles.Security)
	add(a.Roles.Viewer)
	for _, ms := range a.Teams {
		add(ms)
	}
	return out
}

func (a *AuthOptions) keepGroups(groups []string) []string {
	known := a.knownGroups()
	var out []string
	for _, g := range groups {
		if known[g] && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// secure reports whether the dashboard is served over https (config `url`).
func (s *server) secure() bool {
	return strings.HasPrefix(strings.ToLower(s.publicURL), "https://")
}
