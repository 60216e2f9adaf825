package collectors

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/paved-dev/paved/internal/sanitize"
)

// ErrInsecureHTTP marks a base_url that would send the token in clear text:
// http:// to a host that is not loopback, without allow_insecure_http.
var ErrInsecureHTTP = errors.New("or set allow_insecure_http: true")

// credentialParams are query parameter names that carry a credential. Names are
// compared lowercased, with '-' and '_' removed.
var credentialParams = map[string]bool{
	"token": true, "accesstoken": true, "privatetoken": true, "jobtoken": true, "authtoken": true,
	"apitoken": true, "idtoken": true, "refreshtoken": true, "oauthtoken": true, "bearer": true,
	"key": true, "apikey": true, "accesskey": true, "secret": true, "clientsecret": true,
	"password": true, "passwd": true, "pwd": true, "pass": true, "sig": true, "signature": true,
	"xamzsignature": true, "xamzcredential": true, "xamzsecuritytoken": true, "auth": true,
	"authorization": true, "credential": true, "credentials": true, "session": true, "jwt": true,
}

// tokenPrefixes begin the tokens GitHub and GitLab issue; one of them anywhere
// in a base_url is a credential in the wrong place.
var tokenPrefixes = []string{
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
	"glpat-", "gloas-", "gldt-", "glrt-", "glptt-", "glft-", "glimt-", "glagent-", "glsoat-",
}

// ParseForgeURL parses a source's base_url: an absolute http(s) URL with no
// credentials in it (no user-info, no query or fragment, no forge token), and
// http only to a loopback host unless allowInsecureHTTP.
//
// Its errors never repeat the value, nor a redacted form of it: a URL that is
// wrong may be wrong because it holds a token. An insecure URL's error wraps
// ErrInsecureHTTP.
func ParseForgeURL(raw string, allowInsecureHTTP bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("is not a valid URL (the value is not repeated here: it may hold a credential)")
	}
	if u.User != nil {
		return nil, errors.New("must not carry credentials (user-info before '@'); put the token in token_env or token_file")
	}
	if u.RawQuery != "" || u.ForceQuery {
		for name := range u.Query() {
			if credentialParam(name) {
				return nil, fmt.Errorf("must not carry credentials (query parameter %q); put the token in token_env or token_file",
					sanitize.Line(name, sanitize.MaxName))
			}
		}
		return nil, errors.New("must not have a query string ('?…'): an API base URL takes none")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, errors.New("must not have a fragment ('#…')")
	}
	lower := strings.ToLower(raw)
	for _, p := range tokenPrefixes {
		if strings.Contains(lower, p) {
			return nil, errors.New("must not carry credentials (it holds what looks like a forge token); put the token in token_env or token_file")
		}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return nil, errors.New("is not an absolute http(s) URL, e.g. https://api.github.com/")
	}
	if u.Scheme == "http" && !allowInsecureHTTP && !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("uses http:// to %s, a host that is not loopback, which would send the token in clear text; use https (%w)",
			sanitize.Line(u.Host, sanitize.MaxName), ErrInsecureHTTP)
	}
	return u, nil
}

// credentialParam reports a query parameter name that carries a credential.
func credentialParam(name string) bool {
	n := strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.ToLower(name))
	if credentialParams[n] {
		return true
	}
	for _, part := range []string{"token", "secret", "password", "passwd", "apikey", "signature", "credential"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// IsLoopbackHost reports a host name that can only be this machine:
// "localhost" or a loopback IP address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
