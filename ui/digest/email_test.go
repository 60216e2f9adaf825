package digest

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// mailPart is one leaf of a parsed MIME message.
type mailPart struct {
	contentType string
	contentID   string
	body        []byte
}

// parsedMail is a received message read back with net/mail and mime/multipart.
type parsedMail struct {
	subject string
	from    string
	to      string
	// structure is the tree of content types, e.g.
	// multipart/alternative(text/plain,multipart/related(text/html,image/png)).
	structure string
	leaves    []mailPart
}

func parseMail(t *testing.T, data []byte) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	p := parsedMail{subject: subject, from: msg.Header.Get("From"), to: msg.Header.Get("To")}
	p.structure = walkMIME(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", msg.Body, &p.leaves)
	return p
}

func walkMIME(t *testing.T, contentType, encoding, id string, body io.Reader, leaves *[]mailPart) string {
	t.Helper()
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		var kids []string
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", media, err)
			}
			kids = append(kids, walkMIME(t, part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
				part.Header.Get("Content-Id"), part, leaves))
		}
		return media + "(" + strings.Join(kids, ",") + ")"
	}
	r := body
	switch strings.ToLower(encoding) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s body: %v", media, err)
	}
	*leaves = append(*leaves, mailPart{contentType: media, contentID: strings.Trim(id, "<>"), body: data})
	return media
}

func (p parsedMail) part(t *testing.T, media string) mailPart {
	t.Helper()
	for _, l := range p.leaves {
		if l.contentType == media {
			return l
		}
	}
	t.Fatalf("no %s part in %s", media, p.structure)
	return mailPart{}
}

func TestEmailThroughARealSMTPServer(t *testing.T) {
	d := buildFixture(t, nil)
	sendAt := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		mode     smtpMode
		tls      string
		user     string
		pass     string
		wantTLS  bool
		wantAuth bool
	}{
		{"a local relay takes mail without TLS", smtpMode{noTLS: true}, "none", "", "", false, false},
		{"STARTTLS upgrades the connection to a server the sender trusts", smtpMode{}, "starttls", "", "", true, false},
		{"implicit TLS connects encrypted from the start", smtpMode{implicitTLS: true}, "tls", "", "", true, false},
		{"AUTH PLAIN logs in with the username and password", smtpMode{user: "digest", pass: "s3cret pass"}, "starttls", "digest", "s3cret pass", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTP(t, tt.mode)
			sender := EmailSender{Addr: srv.Addr, TLS: tt.tls, From: "paved@example.com",
				To: []string{"leads@example.com", "cto@example.com"}, Username: tt.user, Password: tt.pass,
				Timeout: 5 * time.Second, Now: func() time.Time { return sendAt }}
			if srv.Certs != nil {
				sender.TLSConfig = &tls.Config{RootCAs: srv.Certs, MinVersion: tls.VersionTLS12}
			}
			if err := sender.Send(context.Background(), d); err != nil {
				t.Fatalf("send: %v", err)
			}
			msgs := srv.messages()
			if len(msgs) != 1 {
				t.Fatalf("the server got %d messages, want 1", len(msgs))
			}
			got := msgs[0]
			if got.tls != tt.wantTLS || got.authed != tt.wantAuth {
				t.Errorf("TLS %v, authenticated %v; want %v, %v", got.tls, got.authed, tt.wantTLS, tt.wantAuth)
			}
			if got.from != "paved@example.com" || strings.Join(got.to, ",") != "leads@example.com,cto@example.com" {
				t.Errorf("envelope from %q to %v", got.from, got.to)
			}
			checkDigestMail(t, got.data)
		})
	}
}

func checkDigestMail(t *testing.T, data []byte) {
	t.Helper()
	m := parseMail(t, data)
	if m.subject != "Paved weekly digest — 2026-W10" {
		t.Errorf("subject %q", m.subject)
	}
	want := "multipart/alternative(text/plain,multipart/related(text/html,image/png,image/png))"
	if m.structure != want {
		t.Errorf("structure %s, want %s", m.structure, want)
	}
	text, html := string(m.part(t, "text/plain").body), string(m.part(t, "text/html").body)
	for _, body := range []string{text, html} {
		if !strings.Contains(body, "https://paved.example.com/teams/platform") {
			t.Errorf("no link to the dashboard's team page in\n%s", truncate(body, 500))
		}
		if strings.Contains(body, "http://localhost") || strings.Contains(body, "127.0.0.1") {
			t.Error("a link does not use the configured dashboard URL")
		}
	}
	if !strings.Contains(text, "Platform · Remediation  2 → 1") {
		t.Errorf("the text part lacks the level change:\n%s", text)
	}
	images := 0
	for _, l := range m.leaves {
		if l.contentType != "image/png" {
			continue
		}
		images++
		if _, err := png.Decode(bytes.NewReader(l.body)); err != nil {
			t.Errorf("image %s does not decode: %v", l.contentID, err)
		}
		if l.contentID == "" || !strings.Contains(html, `src="cid:`+l.contentID+`"`) {
			t.Errorf("image %q is not shown by the HTML", l.contentID)
		}
	}
	if images != 2 {
		t.Errorf("%d images", images)
	}
}

func TestEmailFailuresAreClear(t *testing.T) {
	d := buildFixture(t, nil)
	t.Run("a wrong password is refused and the password is not quoted", func(t *testing.T) {
		srv := startSMTP(t, smtpMode{user: "digest", pass: "right"})
		err := EmailSender{Addr: srv.Addr, From: "paved@example.com", To: []string{"a@example.com"},
			Username: "digest", Password: "wrong-Pa55", TLSConfig: &tls.Config{RootCAs: srv.Certs},
			Timeout: 5 * time.Second}.Send(context.Background(), d)
		if err == nil || strings.Contains(err.Error(), "wrong-Pa55") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("STARTTLS to a server the sender does not trust fails", func(t *testing.T) {
		srv := startSMTP(t, smtpMode{})
		err := EmailSender{Addr: srv.Addr, From: "paved@example.com", To: []string{"a@example.com"},
			Timeout: 5 * time.Second}.Send(context.Background(), d)
		if err == nil || len(srv.messages()) != 0 {
			t.Fatalf("err = %v, %d messages", err, len(srv.messages()))
		}
	})
	t.Run("a TLS mode that does not exist is refused", func(t *testing.T) {
		err := EmailSender{Addr: "127.0.0.1:25", TLS: "ssl", From: "a@example.com", To: []string{"b@example.com"}}.
			Send(context.Background(), d)
		if err == nil || !strings.Contains(err.Error(), "starttls, tls or none") {
			t.Fatalf("err = %v", err)
		}
	})
}
