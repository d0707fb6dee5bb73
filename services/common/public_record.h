// What every public record the platform renders (council minutes, award
// decisions) writes the same way: Vietnamese names of award kinds, dates and
// sums of money as officials write them, and the SHA-256 that fixes the text.
#ifndef AWARD_SERVICES_COMMON_PUBLIC_RECORD_H_
#define AWARD_SERVICES_COMMON_PUBLIC_RECORD_H_

#include <cstdint>
#include <string>

#include "award/v1/common.pb.h"

namespace award {

// The Vietnamese name of an award kind, e.g. "Chiến sĩ thi đua cơ sở".
std::string AwardKindName(v1::AwardKind kind);

// "cá nhân", "tập thể", "hộ gia đình"; empty when not given.
std::string SubjectTypeName(v1::SubjectType subject);

// "20/12/2025".
std::string DateText(const v1::Date& date);

// "1.420.000" (dots between thousands, as Vietnamese documents write money).
std::string VndText(int64_t vnd);

// "12/15 (80,00 %)": a share with two decimals, rounded half up, in the
// Vietnamese notation of minutes and reports.
std::string ShareText(uint64_t part, uint64_t whole);

// Raw 32 bytes.
std::string Sha256Of(const std::string& text);

}  // namespace award

#endif  // AWARD_SERVICES_COMMON_PUBLIC_RECORD_H_
