package archtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestNoTrackedBinaryOrHugeFile keeps build output and bulk data out of the repository:
// every tracked file is under 1 MiB and none is a compiled executable or archive.
func TestNoTrackedBinaryOrHugeFile(t *testing.T) {
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	magics := map[string][]byte{
		"ELF executable":  []byte("\x7fELF"),
		"Mach-O":          {0xcf, 0xfa, 0xed, 0xfe},
		"PE executable":   []byte("MZ"),
		"ar archive":      []byte("!<arch>\n"),
		"zip archive":     []byte("PK\x03\x04"),
		"gzip compressed": {0x1f, 0x8b},
	}
	files := bytes.Split(bytes.TrimRight(out, "\x00"), []byte{0})
	if len(files) < 50 {
		t.Fatalf("git ls-files listed %d files; expected the whole tree", len(files))
	}
	for _, name := range files {
		path := filepath.Join("../..", string(name))
		info, err := os.Lstat(path)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the work tree, or a link
		}
		if info.Size() > 1<<20 {
			t.Errorf("%s is %d bytes; tracked files stay under 1 MiB", name, info.Size())
		}
		head := make([]byte, 8)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := f.Read(head)
		_ = f.Close()
		for kind, magic := range magics {
			if bytes.HasPrefix(head[:n], magic) {
				t.Errorf("%s is a %s; build output is not tracked", name, kind)
			}
		}
	}
}
