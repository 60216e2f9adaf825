package githubsrc

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// stringsOf visits every string reachable from v: fields, slices, nested structs.
func stringsOf(v reflect.Value, visit func(string)) {
	switch v.Kind() {
	case reflect.String:
		visit(v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			stringsOf(v.Field(i), visit)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			stringsOf(v.Index(i), visit)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			stringsOf(v.Elem(), visit)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			stringsOf(k, visit)
			stringsOf(v.MapIndex(k), visit)
		}
	}
}

func TestSecretValuesNeverReachTheStore(t *testing.T) {
	official, err := os.ReadFile("../../fixtures/github/official/secret-scanning-alerts.json")
	if err != nil {
		t.Fatal(err)
	}
	const officialSecret = "aio_XXXXXXXXXXXXXXXXXXXXXXXXXXXX"
	if !strings.Contains(string(official), officialSecret) {
		t.Fatal("the official sample no longer carries the secret this test looks for")
	}
	f := newFakeGitHub(t)
	smallOrg(f, 2)
	f.setRaw("/repositories/102/secret-scanning/alerts", string(official))
	store := newMemStore()
	if _, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	secrets := []string{officialSecret, "ghp_SIMULATEDLEAKrepo-1", "SIMULATEDLEAK"}
	seen := 0
	for _, b := range store.batches {
		stringsOf(reflect.ValueOf(b), func(s string) {
			seen++
			for _, secret := range secrets {
				if strings.Contains(s, secret) {
					t.Errorf("a stored string carries a secret value: %q", s)
				}
			}
		})
	}
	secretFindings := 0
	for _, fi := range store.all().Findings {
		if fi.Kind == model.FeatureSecretScanning {
			secretFindings++
		}
	}
	if secretFindings != 2 || seen < 100 {
		t.Fatalf("the test looked at %d strings and %d secret findings: it did not see the records", seen, secretFindings)
	}
}
