package testkit

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"sync"
	"testing"
)

// AppKey is a GitHub App's private key for tests, with its PEM encodings as
// GitHub hands them out (PKCS#1, "RSA PRIVATE KEY") and as openssl converts
// them (PKCS#8, "PRIVATE KEY").
type AppKey struct {
	Key          *rsa.PrivateKey
	PKCS1, PKCS8 []byte
}

var (
	appKeysMu sync.Mutex
	appKeys   = map[int]AppKey{}
)

// GitHubAppKey returns test key number n (0, 1, …), generated once per test
// binary: RSA generation is slow under -race.
func GitHubAppKey(tb testing.TB, n int) AppKey {
	tb.Helper()
	appKeysMu.Lock()
	defer appKeysMu.Unlock()
	if k, ok := appKeys[n]; ok {
		return k
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatalf("generate RSA key: %v", err)
	}
	der8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatalf("marshal PKCS#8: %v", err)
	}
	k := AppKey{
		Key:   key,
		PKCS1: pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		PKCS8: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der8}),
	}
	appKeys[n] = k
	return k
}
