#include "services/common/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include "absl/strings/str_cat.h"
#include "eventstore/errors.h"
#include "eventstore/validation.h"

namespace award {

absl::StatusOr<std::string> NormalizeText(absl::string_view text, absl::string_view field) {
  if (!eventstore::IsValidUtf8(text)) return eventstore::InvalidField(field, "not valid UTF-8");
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) {
    return absl::InternalError(absl::StrCat("ICU has no NFC data: ", u_errorName(error)));
  }
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  // Most text arrives in NFC already: checked without copying.
  if (nfc->isNormalizedUTF8(piece, error) && U_SUCCESS(error)) return std::string(text);
  error = U_ZERO_ERROR;
  std::string normalized;
  icu::StringByteSink<std::string> sink(&normalized, static_cast<int32_t>(text.size()));
  nfc->normalizeUTF8(0, piece, sink, nullptr, error);
  if (U_FAILURE(error)) {
    return absl::InternalError(
        absl::StrCat(field, ": NFC normalisation failed: ", u_errorName(error)));
  }
  return normalized;
}

}  // namespace award
