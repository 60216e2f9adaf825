package ui

import (
	"errors"
	"strings"
)

// setupAuth reads the access-control options into the server.
func (s *server) setupAuth(opts Options) error {
	s.publicURL = opts.PublicURL
	s.anyIPHost = opts.AnyIPHost
	if len(opts.AllowedHosts) > 0 {
		s.hosts = map[string]bool{}
		for _, h := range opts.AllowedHosts {
			s.hosts[strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")] = true
		}
	}
	if opts.Auth == nil {
		return nil
	}
	a := *opts.Auth
	if err := a.validate(); err != nil {
		return err
	}
	if a.SessionIdle <= 0 {
		a.SessionIdle = defaultSessionIdle
	}
	if a.SessionMax <= 0 {
		a.SessionMax = defaultSessionMax
	}
	s.auth = &a
	var err error
	if s.cookies, err = newCookieCodec(a.SessionKey, a.SessionMax); err != nil {
		return err
	}
	if a.OIDC != nil {
		cb := redirectURL(opts.PublicURL)
		if cb == "" {
			return errors.New("ui: sign-in with OIDC needs PublicURL (config url) for its redirect URL")
		}
		s.oidc = newOIDCClient(*a.OIDC, cb)
	}
	return nil
}
