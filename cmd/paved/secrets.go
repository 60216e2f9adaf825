package main

import (
	"os"
	"strings"
)

// sourceToken reads a source's token from its environment variable or file. The token is
// returned to the caller only; it is never part of an error message.
func sourceToken(s SourceSpec, environ map[string]string) (string, error) {
	if s.TokenEnv != "" {
		tok := strings.TrimSpace(environ[s.TokenEnv])
		if tok == "" {
			return "", usageErrorf("source %q: environment variable %s is not set (sources.token_env)", s.Name, s.TokenEnv)
		}
		return tok, nil
	}
	raw, err := os.ReadFile(s.TokenFile)
	if err != nil {
		return "", usageErrorf("source %q: token_file %s: %w", s.Name, s.TokenFile, unwrapPathError(err))
	}
	tok := strings.TrimSpace(string(raw))
	if tok == "" {
		return "", usageErrorf("source %q: token_file %s is empty", s.Name, s.TokenFile)
	}
	return tok, nil
}

// secretFromEnv reads an optional secret (webhook URL, SMTP password) named by a config field.
func secretFromEnv(field, name string, environ map[string]string) (string, error) {
	if name == "" {
		return "", nil
	}
	v := strings.TrimSpace(environ[name])
	if v == "" {
		return "", usageErrorf("%s: environment variable %s is not set", field, name)
	}
	return v, nil
}
