package vn

import "strings"

// Carriers' mobile prefixes in use since the 2018 renumbering, when the
// 11-digit mobile numbers (01xx) moved to 10 digits.
var mobilePrefixes = map[string]string{
	"032": "Viettel", "033": "Viettel", "034": "Viettel", "035": "Viettel", "036": "Viettel", "037": "Viettel", "038": "Viettel", "039": "Viettel",
	"086": "Viettel", "096": "Viettel", "097": "Viettel", "098": "Viettel",
	"081": "VinaPhone", "082": "VinaPhone", "083": "VinaPhone", "084": "VinaPhone", "085": "VinaPhone", "088": "VinaPhone", "091": "VinaPhone", "094": "VinaPhone",
	"070": "MobiFone", "076": "MobiFone", "077": "MobiFone", "078": "MobiFone", "079": "MobiFone", "089": "MobiFone", "090": "MobiFone", "093": "MobiFone",
	"052": "Vietnamobile", "056": "Vietnamobile", "058": "Vietnamobile", "092": "Vietnamobile",
	"059": "Gmobile", "099": "Gmobile",
	"087": "iTel", "055": "Reddi",
}

// oldPrefixes are the 11-digit mobile prefixes retired in 2018, with the
// ones that replaced them: a resident may still write the old number.
var oldPrefixes = map[string]string{
	"0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037", "0168": "038", "0169": "039",
	"0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
	"0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
	"0186": "056", "0188": "058", "0199": "059",
}

// Phone reads a Vietnamese phone number as written ("+84 912 345 678",
// "0912.345.678", "(028) 3850 1234", an old 0168… number) and returns it
// normalised: a mobile number as its 10 digits with a carrier's current
// prefix, a fixed line as 0 + 2 + its area code and number, 11 digits.
func Phone(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if !strings.ContainsRune(" .-+()", r) {
			return "", false
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "84") && (len(d) == 11 || len(d) == 12) {
		d = "0" + d[2:]
	}
	if len(d) == 11 {
		if to, ok := oldPrefixes[d[:4]]; ok {
			d = to + d[4:]
		}
	}
	switch {
	case len(d) == 10 && mobilePrefixes[d[:3]] != "":
		return d, true
	case len(d) == 11 && strings.HasPrefix(d, "02") && d[2] != '0':
		return d, true
	}
	return "", false
}

// Mobile is whether a number from Phone is a mobile one, which text
// messages and Zalo reach.
func Mobile(phone string) bool { return len(phone) == 10 && mobilePrefixes[phone[:3]] != "" }

// Carrier names a mobile number's network ("Viettel"), "" for another.
func Carrier(phone string) string {
	if !Mobile(phone) {
		return ""
	}
	return mobilePrefixes[phone[:3]]
}

// International is a normalised number as Zalo and SMS gateways take it:
// 84 and the number without its 0.
func International(phone string) string { return "84" + strings.TrimPrefix(phone, "0") }
