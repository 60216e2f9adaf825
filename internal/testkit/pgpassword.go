package testkit

import (
	"fmt"
	"net"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
)

// PGPasswordProbe is a loopback stand-in for a Postgres server with password
// authentication: it asks every client for its password in clear, records
// it and refuses the login. The test cluster trusts every client, so a
// password that never reached the connection would go unnoticed there.
type PGPasswordProbe struct {
	ln net.Listener

	mu        sync.Mutex
	passwords []string
}

// StartPGPasswordProbe listens on loopback until the test ends.
func StartPGPasswordProbe(tb testing.TB) *PGPasswordProbe {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &PGPasswordProbe{ln: ln}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { p.serve(conn) })
		}
	})
	tb.Cleanup(func() {
		_ = ln.Close()
		wg.Wait()
	})
	return p
}

// URL is a Postgres URL for user on the probe, without a password.
func (p *PGPasswordProbe) URL(user string) string {
	return fmt.Sprintf("postgres://%s@%s/paved?sslmode=disable&connect_timeout=5", user, p.ln.Addr())
}

// Passwords are the passwords clients sent, one per login, in arrival order.
func (p *PGPasswordProbe) Passwords() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.passwords...)
}

func (p *PGPasswordProbe) serve(conn net.Conn) {
	defer conn.Close()
	be := pgproto3.NewBackend(conn, conn)
	msg, err := be.ReceiveStartupMessage()
	if _, ok := msg.(*pgproto3.StartupMessage); err != nil || !ok {
		return
	}
	be.Send(&pgproto3.AuthenticationCleartextPassword{})
	if be.Flush() != nil || be.SetAuthType(pgproto3.AuthTypeCleartextPassword) != nil {
		return
	}
	msg, err = be.Receive()
	pw, ok := msg.(*pgproto3.PasswordMessage)
	if err != nil || !ok {
		return
	}
	p.mu.Lock()
	p.passwords = append(p.passwords, pw.Password)
	p.mu.Unlock()
	be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01", Message: "password authentication failed"})
	_ = be.Flush()
}
