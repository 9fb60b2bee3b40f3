package pyrepr

import (
	"math"
	"math/big"
	"testing"
	"unicode"
)

// The expected strings below were generated once by CPython 3.11.7 (repr()
// of each value, printed as Go literals by a throwaway script); they are an
// oracle and are not regenerated from this package.

func TestReprStr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "''"},
		{"a", "'a'"},
		{"'", "\"'\""},
		{"\"", "'\"'"},
		{"'\"", "'\\'\"'"},
		{"it's", "\"it's\""},
		{"say \"hi\"", "'say \"hi\"'"},
		{"both ' and \"", "'both \\' and \"'"},
		{"\\", "'\\\\'"},
		{"tab\x09here", "'tab\\there'"},
		{"nl\x0a cr\x0d", "'nl\\n cr\\r'"},
		{"\x00\x01\x1f\x7f", "'\\x00\\x01\\x1f\\x7f'"},
		{"\xc2\x80\xc2\x9f\xc2\xa0\xc2\xa1\xc2\xad\xc2\xae\xc3\xbf", "'\\x80\\x9f\\xa0\xc2\xa1\\xad\xc2\xae\xc3\xbf'"},
		{"caf\xc3\xa9", "'caf\xc3\xa9'"},
		{"\xc4\x80\xcd\xb8\xcd\xba", "'\xc4\x80\\u0378\xcd\xba'"},
		{"\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\x8b\xef\xbb\xbf", "'\\u2028\\u2029\\u200b\\ufeff'"},
		{"\xe3\x80\x80 \xc2\xa0", "'\\u3000 \\xa0'"},
		{"\xee\x80\x80\xef\xa3\xbf", "'\\ue000\\uf8ff'"},
		{"\xf0\x9f\x98\x80", "'\xf0\x9f\x98\x80'"},
		{"\xf0\x9f\xa9\xb5", "'\\U0001fa75'"},
		{"\xf4\x8f\xbf\xbf", "'\\U0010ffff'"},
		{"\xf3\xa0\x80\x81", "'\\U000e0001'"},
		{"\xed\xa0\x80", "'\\ud800'"},
		{"\xed\xbf\xbf", "'\\udfff'"},
		{"\xed\xa0\xbd\xed\xb8\x80", "'\\ud83d\\ude00'"},
		{"a\xcc\x81", "'a\xcc\x81'"},
		{"\xd8\x80", "'\\u0600'"},
		{"\xef\xbf\xbd", "'\xef\xbf\xbd'"},
		{"\xef\xbf\xbf", "'\\uffff'"},
		{"\xf0\xb1\x8d\x90", "'\\U00031350'"},
		{"\xe0\xb3\xb3", "'\\u0cf3'"},
		{"mixed '\" \\ \xc2\x85", "'mixed \\'\" \\\\ \\x85'"},
	}
	for _, tt := range tests {
		if got := Str(tt.in); got != tt.want {
			t.Errorf("Str(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// The same text as code points, with surrogates decoded by hand.
		var rs []rune
		for i := 0; i < len(tt.in); {
			r, n := decodeWTF8([]byte(tt.in[i:]))
			if tt.in[i] < 0x80 {
				r, n = rune(tt.in[i]), 1
			}
			rs = append(rs, r)
			i += n
		}
		if got := StrRunes(rs); got != tt.want {
			t.Errorf("StrRunes(%U) = %q, want %q", rs, got, tt.want)
		}
	}
}

func TestReprStrInvalidUTF8(t *testing.T) {
	// Not from Python: bytes no Python str encodes to are surrogate-escaped.
	tests := []struct{ in, want string }{
		{"\xff", `'\udcff'`},
		{"a\xc3", `'a\udcc3'`},
		{"\xed\xa0", `'\udced\udca0'`},                     // truncated surrogate
		{"\xed\xa0\x80\xed", `'\ud800\udced'`},             // surrogate, then a cut lead byte
		{"\xc0\x80", `'\udcc0\udc80'`},                     // overlong NUL
		{"\xf4\x90\x80\x80", `'\udcf4\udc90\udc80\udc80'`}, // beyond U+10FFFF
	}
	for _, tt := range tests {
		if got := Str(tt.in); got != tt.want {
			t.Errorf("Str(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReprBytes(t *testing.T) {
	tests := []struct{ in, bytes, bytearray string }{
		{"", "b''", "bytearray(b'')"},
		{"'", "b\"'\"", "bytearray(b\"\\'\")"},
		{"\"", "b'\"'", "bytearray(b'\"')"},
		{"'\"", "b'\\'\"'", "bytearray(b'\\'\"')"},
		{"\\", "b'\\\\'", "bytearray(b'\\\\')"},
		{"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff", "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff'", "bytearray(b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff')"},
		{"\x09\x0a\x0d\x0b\x0c", "b'\\t\\n\\r\\x0b\\x0c'", "bytearray(b'\\t\\n\\r\\x0b\\x0c')"},
		{"it's", "b\"it's\"", "bytearray(b\"it\\'s\")"},
		{"\x7f\x80\xff", "b'\\x7f\\x80\\xff'", "bytearray(b'\\x7f\\x80\\xff')"},
	}
	for _, tt := range tests {
		if got := Bytes([]byte(tt.in)); got != tt.bytes {
			t.Errorf("Bytes(%q) = %q, want %q", tt.in, got, tt.bytes)
		}
		if got := ByteArray([]byte(tt.in)); got != tt.bytearray {
			t.Errorf("ByteArray(%q) = %q, want %q", tt.in, got, tt.bytearray)
		}
	}
}

func TestReprLatin1(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff", "'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\xc2\xa1\xc2\xa2\xc2\xa3\xc2\xa4\xc2\xa5\xc2\xa6\xc2\xa7\xc2\xa8\xc2\xa9\xc2\xaa\xc2\xab\xc2\xac\\xad\xc2\xae\xc2\xaf\xc2\xb0\xc2\xb1\xc2\xb2\xc2\xb3\xc2\xb4\xc2\xb5\xc2\xb6\xc2\xb7\xc2\xb8\xc2\xb9\xc2\xba\xc2\xbb\xc2\xbc\xc2\xbd\xc2\xbe\xc2\xbf\xc3\x80\xc3\x81\xc3\x82\xc3\x83\xc3\x84\xc3\x85\xc3\x86\xc3\x87\xc3\x88\xc3\x89\xc3\x8a\xc3\x8b\xc3\x8c\xc3\x8d\xc3\x8e\xc3\x8f\xc3\x90\xc3\x91\xc3\x92\xc3\x93\xc3\x94\xc3\x95\xc3\x96\xc3\x97\xc3\x98\xc3\x99\xc3\x9a\xc3\x9b\xc3\x9c\xc3\x9d\xc3\x9e\xc3\x9f\xc3\xa0\xc3\xa1\xc3\xa2\xc3\xa3\xc3\xa4\xc3\xa5\xc3\xa6\xc3\xa7\xc3\xa8\xc3\xa9\xc3\xaa\xc3\xab\xc3\xac\xc3\xad\xc3\xae\xc3\xaf\xc3\xb0\xc3\xb1\xc3\xb2\xc3\xb3\xc3\xb4\xc3\xb5\xc3\xb6\xc3\xb7\xc3\xb8\xc3\xb9\xc3\xba\xc3\xbb\xc3\xbc\xc3\xbd\xc3\xbe\xc3\xbf'"},
		{"a'b", "\"a'b\""},
		{"\xe9t\xe9", "'\xc3\xa9t\xc3\xa9'"},
	}
	for _, tt := range tests {
		if got := Latin1([]byte(tt.in)); got != tt.want {
			t.Errorf("Latin1(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReprFloat(t *testing.T) {
	// Each value is given by its IEEE 754 bits; random ones come from
	// random.seed(311) in the generating script.
	tests := []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0.0"},
		{0x8000000000000000, "-0.0"},
		{0x3ff0000000000000, "1.0"},
		{0xbff0000000000000, "-1.0"},
		{0x3fb999999999999a, "0.1"},
		{0x3fe0000000000000, "0.5"},
		{0x3ff8000000000000, "1.5"},
		{0x4059000000000000, "100.0"},
		{0x405ec00000000000, "123.0"},
		{0x430c6bf526340000, "1000000000000000.0"},
		{0x4341c37937e08000, "1e+16"},
		{0x434aa535d3d0c000, "1.5e+16"},
		{0x4341c37937e07fff, "9999999999999998.0"},
		{0x4376345785d8a000, "1e+17"},
		{0x3f50624dd2f1a9fc, "0.001"},
		{0x3f1a36e2eb1c432d, "0.0001"},
		{0x3ee4f8b588e368f1, "1e-05"},
		{0x3eef75104d551d69, "1.5e-05"},
		{0x7e37e43c8800759c, "1e+300"},
		{0x01a56e1fc2f8f359, "1e-300"},
		{0x0000000000000001, "5e-324"},
		{0x0010000000000000, "2.2250738585072014e-308"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0x7ff0000000000000, "inf"},
		{0xfff0000000000000, "-inf"},
		{0x7ff8000000000000, "nan"},
		{0x400921fb54442d18, "3.141592653589793"},
		{0x4340000000000000, "9007199254740992.0"},
		{0x43e0000000000000, "9.223372036854776e+18"},
		{0x3fd5555555555555, "0.3333333333333333"},
		{0x3fe5555555555555, "0.6666666666666666"},
		{0x4345ee2a2eb5a5c4, "1.2345678901234568e+16"},
		{0x3fd3333333333334, "0.30000000000000004"},
		{0x4480f0cf064dd592, "1e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x419d6f34547df3b6, "123456789.123"},
		{0x43b72a11d2087d68, "1.6691662056774308e+18"},
		{0xb99d31ea41d68fa0, "-3.598559207388581e-31"},
		{0xf8a672e6122b7ec9, "-1.518027580996695e+273"},
		{0x797881de6f95daf9, "1.3575989754808231e+277"},
		{0xe29328faf876bcba, "-7.061466808153802e+166"},
		{0x47cf8f7d279116a9, "8.390220951220878e+37"},
		{0x0b025cd28d64bad9, "1.222946827302325e-255"},
		{0x6d6bdfc98872b618, "1.2299537821827474e+219"},
		{0xb6c749af3a14e7f9, "-8.158300104122382e-45"},
		{0xecd227f352559152, "-1.5647264744025237e+216"},
		{0x183027904efa28ca, "3.540768434472536e-192"},
		{0x273b39fcbe0df63f, "1.0543717331162432e-119"},
		{0x421d9e719e254237, "31803074441.314663"},
		{0xec08b472bb055f08, "-2.5990200669205062e+212"},
		{0xd7ab4aa7b29bdc09, "-2.100282488440877e+114"},
		{0xf76938ab49ff2d11, "-1.626502501367321e+267"},
		{0x1101b800da157b9a, "9.349463120985843e-227"},
		{0x3a50cc5c92dc85e2, "8.480967892795449e-28"},
		{0xfa5dd3d29b963a5d, "-2.7071469891220977e+281"},
		{0x5f56496042ffc53a, "1.8238207310542092e+151"},
		{0x726b8c164f185a33, "1.4694818393986873e+243"},
		{0x760fcd94eaa25fbc, "4.889844933211148e+260"},
		{0xef9714afc6e9067c, "-3.4993526050838106e+229"},
		{0x092be11dea3c316c, "1.7292455318941926e-264"},
		{0xc06617ed4270b14d, "-176.74771234522123"},
		{0xc69a79df1f21a329, "-1.3424957753797696e+32"},
		{0xbdfb1cf8ecb22cfe, "-3.945485992570821e-10"},
		{0xb8e71220fe036086, "-1.3885242257776925e-34"},
		{0x06e1178bc95a7479, "1.542717012663338e-275"},
		{0x9277ead98817bad0, "-1.0586607448960582e-219"},
		{0xb5cfa0c2935e7c52, "-1.6906823873116556e-49"},
		{0x7775d1de1a4b4845, "2.814276980177369e+267"},
		{0x2110ccad36683be0, "2.052858338739449e-149"},
		{0xfb6ffd25ca352392, "-3.805437803763316e+286"},
		{0xb627a7a60dd50fd2, "-8.092662002299318e-48"},
		{0x4c1e5b23703caeda, "4.763693997399002e+58"},
		{0xd45b5db0bb0159f2, "-2.3381349644838842e+98"},
		{0xd358dd039b8f57c9, "-3.2414406740268607e+93"},
		{0x34dc49790581baed, "4.614532658888237e-54"},
		{0x0cb566c016af6dae, "1.9130447037169486e-247"},
		{0xc6b3f5b693bf979c, "-4.048331871740282e+32"},
		{0xb3cc02a2326347c1, "-3.4861689319319442e-59"},
		{0x83871decae71f2d9, "-1.1582536243767317e-291"},
		{0xa0294f707939f9c8, "-9.438645784711767e-154"},
		{0x0ea9d6ab9e4db249, "4.960000050129559e-238"},
		{0x1f09eb8c49690296, "3.687305590962341e-159"},
		{0xd16210a4501ef1e6, "-1.096697736195803e+84"},
		{0x87b13c40ec3e195e, "-1.2743960627568411e-271"},
		{0x03afc02ce7af9180, "6.363371867896839e-291"},
		{0x8eb844e3e1273c5f, "-9.317451569511505e-238"},
		{0x7c9e85ca5858d0be, "1.9036960292560988e+292"},
		{0x254ebc6b4ce60feb, "5.542674689870387e-129"},
		{0xcc47d147cca5ffea, "-2.9900976403916414e+59"},
		{0xbc02b67cc8505586, "-1.2680314649772417e-19"},
		{0x30a89a9291ac2dbb, "2.7197767035613803e-74"},
		{0x1893cf79df656a2e, "2.7789271631374407e-190"},
		{0x9b1132441d097f5e, "-2.652277112228155e-178"},
		{0xd35f9220826182f8, "-4.1158958607058e+93"},
		{0xc24172fc2bacea31, "-149887145817.82962"},
		{0x08540ead911387ba, "1.518648006793607e-268"},
		{0xc129d0af290be6de, "-845911.5801689287"},
		{0x4252001b3d8874a8, "309244786209.82275"},
		{0x411a8a5edfdb1218, "434839.7186091258"},
		{0x43600fdd2ffddd16, "3.616833835780728e+16"},
		{0x411594931e471350, "353572.7795680063"},
		{0x4301fb81d47a3266, "632701204776524.8"},
		{0x41271b5e33182eb2, "757167.0997938721"},
		{0x4214faa25c60ee93, "22526072600.232983"},
		{0x411983db8a503f70, "418038.8850717461"},
		{0x421d268a985d12ec, "31300167191.26848"},
		{0x4122d3700cbb66b0, "616888.0248672571"},
		{0x3f80bcf535682e3a, "0.00817290848956197"},
		{0xc112cc15ba856d62, "-307973.43214960967"},
		{0x40d3855670e25400, "19989.35063989833"},
		{0x40f3b9d0dce5de80, "80797.0539301578"},
		{0x3e7520d043ec11bf, "7.870859606787701e-08"},
		{0xc11aef137b28d924, "-441284.87027301104"},
		{0x3fa694256b964f88, "0.04409901560134616"},
		{0x4115882f6096921c, "352779.8443243818"},
		{0x428793d408635fab, "3240460618859.9585"},
		{0xc12bf0fedf0f1228, "-915583.435661857"},
		{0x430beee2f141e9e4, "982810356104508.5"},
		{0xc11493f84d6fbe06, "-337150.07562157547"},
		{0x3e6045cd82dd3fed, "3.031020444235829e-08"},
		{0x411105154b8fdef4, "278853.32379101147"},
		{0x3f88d54424dcc227, "0.012125522971104875"},
		{0xc12ada59803adf33, "-879916.7504491567"},
		{0x3e41dcc719ef6d24, "8.317834252903864e-09"},
		{0xc112bb73747fc04c, "-306908.863768582"},
		{0x3fd8f85d3fa5bd08, "0.39015895095413144"},
		{0xc122ef7a3705748c, "-620477.1074634953"},
		{0x40d900d3c6eb5a08, "25603.30901607315"},
		{0xc12a939900bcf006, "-870860.5014414794"},
		{0x3ed0a98153938f23, "3.972561267693249e-06"},
		{0x41293de11b70449c, "827120.5535909119"},
		{0x415e91d9ce8ed9ec, "8013671.227468949"},
		{0xc1293a98a3c908e5, "-826700.3198931484"},
		{0x4368d48a68601ba8, "5.591272290208083e+16"},
		{0xc12cb4a841b58e6b, "-940628.1283382898"},
		{0x404293d5a014103c, "37.15495682696971"},
	}
	for _, tt := range tests {
		f := math.Float64frombits(tt.bits)
		if got := Float(f); got != tt.want {
			t.Errorf("Float(%#016x = %v) = %q, want %q", tt.bits, f, got, tt.want)
		}
	}
}

func TestReprInt(t *testing.T) {
	big1, _ := new(big.Int).SetString("-123456789012345678901234567890", 10)
	tests := []struct {
		got, want string
	}{
		{Int64(0), "0"},
		{Int64(-9223372036854775808), "-9223372036854775808"},
		{Int(big1), "-123456789012345678901234567890"},
		{Int(nil), "None"},
		{Bool(true), "True"},
		{Bool(false), "False"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestReprPrintableTable(t *testing.T) {
	prev := rune(-2)
	for _, r := range printableRanges {
		if r[0] > r[1] || r[0] <= prev+1 {
			t.Fatalf("printableRanges not sorted and disjoint at %#x", r)
		}
		prev = r[1]
	}
	// Spot checks against Unicode 14.0 facts, by category.
	for _, c := range []struct {
		r    rune
		want bool
	}{
		{' ', true}, {'~', true}, {0x7f, false}, {0xa0, false}, {0xa1, true}, {0xad, false},
		{0x378, false},   // Cn
		{0x2028, false},  // Zl
		{0x2029, false},  // Zp
		{0x3000, false},  // Zs
		{0x200b, false},  // Cf
		{0xd800, false},  // Cs
		{0xe000, false},  // Co
		{0x1f600, true},  // So
		{0x1fa75, false}, // assigned in Unicode 15.0, Cn in 14.0
		{0x10ffff, false},
		{0x110000, false},
		{-1, false},
	} {
		if got := IsPrintable(c.r); got != c.want {
			t.Errorf("IsPrintable(%#x) = %v, want %v", c.r, got, c.want)
		}
	}
	// Outside the characters added after Unicode 14.0, Go's notion of
	// printable (unicode.IsPrint) is the same rule; check every code point
	// below U+0CF3, the first such addition.
	for r := rune(0); r < 0xcf3; r++ {
		if IsPrintable(r) != unicode.IsPrint(r) {
			t.Errorf("IsPrintable(%#x) = %v, unicode.IsPrint says %v", r, IsPrintable(r), unicode.IsPrint(r))
		}
	}
}
