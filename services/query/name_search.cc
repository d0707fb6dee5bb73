#include "services/query/name_search.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "absl/strings/match.h"

namespace award::query {

std::string LooseForm(absl::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
  if (U_FAILURE(error)) return std::string(text);
  const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::UnicodeString decomposed = nfd->normalize(source, error);
  if (U_FAILURE(error)) return std::string(text);
  icu::UnicodeString loose;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0110 || c == 0x0111) {  // Đ, đ: a letter of its own, not d with a mark
      loose.append(static_cast<UChar32>('d'));
      continue;
    }
    loose.append(c);
  }
  loose.toLower();
  std::string out;
  loose.toUTF8String(out);
  return out;
}

bool LooselyContains(absl::string_view name, absl::string_view wanted) {
  return absl::StrContains(LooseForm(name), LooseForm(wanted));
}

}  // namespace award::query
