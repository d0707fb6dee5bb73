// C2SP tlog-checkpoint bodies: the specification's example parses and prints
// back byte for byte; a malformed body is refused naming its line.
#include "eventstore/checkpoint.h"

#include <string>

#include "gtest/gtest.h"

namespace eventstore {
namespace {

constexpr char kExample[] =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

TEST(CheckpointTest, TheSpecificationsExampleParsesAndPrintsBack) {
  absl::StatusOr<Checkpoint> checkpoint = ParseCheckpoint(kExample);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(checkpoint->size, 20852163u);
  EXPECT_EQ(checkpoint->root[0], 0x0a);
  EXPECT_EQ(*FormatCheckpoint(*checkpoint), kExample);
  Checkpoint extended = *checkpoint;
  extended.extensions = {"award-time 2026-12-06T10:00:00Z"};
  absl::StatusOr<std::string> text = FormatCheckpoint(extended);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*ParseCheckpoint(*text), extended);
}

TEST(CheckpointTest, AMalformedBodyIsRefused) {
  for (const char* bad :
       {"", "example.com/log\n5\n", "\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "log\n05\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "log\n-5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
        "log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
        "log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n",
        "log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",
        "log\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"}) {
    EXPECT_EQ(ParseCheckpoint(bad).status().code(), absl::StatusCode::kDataLoss) << bad;
  }
  EXPECT_TRUE(ParseCheckpoint("log\n0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n").ok());
  EXPECT_FALSE(FormatCheckpoint({.origin = "two\nlines"}).ok());
  EXPECT_FALSE(FormatCheckpoint({.origin = "log", .extensions = {""}}).ok());
}

}  // namespace
}  // namespace eventstore
