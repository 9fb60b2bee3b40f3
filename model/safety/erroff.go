package safety

import (
	"errors"
	"reflect"
)

// offsetOf finds the byte offset of a decoding error without importing the
// decoder (model packages never depend on it): the first error in the
// Unwrap chain that is a struct, or pointer to one, with an int64 field
// named Offset (decoder.Error, json.SyntaxError, ...).
func offsetOf(err error) (int64, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		v := reflect.ValueOf(e)
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				break
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			continue
		}
		if f := v.FieldByName("Offset"); f.IsValid() && f.Kind() == reflect.Int64 {
			return f.Int(), true
		}
	}
	return 0, false
}
