#include "services/common/text.h"

#include "eventstore/errors.h"
#include "gtest/gtest.h"

namespace award {
namespace {

TEST(NormalizeTextTest, DecomposedVietnameseBecomesPrecomposed) {
  // "Nguyễn Thị Ánh" with every mark as a combining character (NFD).
  const std::string decomposed = "Nguye\u0302\u0303n Thi\u0323 A\u0301nh";
  const std::string precomposed = "Nguy\u1ec5n Th\u1ecb \u00c1nh";
  ASSERT_NE(decomposed, precomposed);
  absl::StatusOr<std::string> normalized = NormalizeText(decomposed, "nominee.name");
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  EXPECT_EQ(*normalized, precomposed);
  EXPECT_EQ(*NormalizeText(precomposed, "nominee.name"), precomposed);
}

TEST(NormalizeTextTest, TextAlreadyInNfcIsKeptAsItIs) {
  for (const char* text : {"", "Chiến sĩ thi đua cơ sở", "Lao động tiên tiến 2025", "QĐ-UBND"}) {
    absl::StatusOr<std::string> normalized = NormalizeText(text, "title");
    ASSERT_TRUE(normalized.ok());
    EXPECT_EQ(*normalized, text);
  }
}

TEST(NormalizeTextTest, InvalidUtf8IsInvalidArgumentNamingTheField) {
  absl::StatusOr<std::string> normalized = NormalizeText("Nguy\xe1\xbb", "nominee.name");
  EXPECT_EQ(normalized.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(eventstore::ErrorField(normalized.status()), "nominee.name");
}

}  // namespace
}  // namespace award
