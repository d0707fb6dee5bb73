// The canonical record encoding and the small pieces under it: what an
// auditor's own program must be able to reproduce byte for byte.
#include <cctype>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "eventstore/event.h"
#include "eventstore/keys.h"
#include "eventstore/record_codec.h"
#include "eventstore/sha256.h"
#include "eventstore/validation.h"
#include "gtest/gtest.h"

namespace eventstore {
namespace {

std::string U32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string U64(uint64_t v) {
  return U32(static_cast<uint32_t>(v >> 32)) + U32(static_cast<uint32_t>(v));
}
std::string Str(const std::string& s) { return U32(static_cast<uint32_t>(s.size())) + s; }

TEST(Sha256Test, MatchesTheStandardTestVector) {
  EXPECT_EQ(HashToHex(Sha256({"abc"})),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256({"a", "bc"}), Sha256({"abc"}));
}

TEST(Sha256Test, HexReadsBackToTheSameHash) {
  const Hash hash = Sha256({"abc"});
  const std::string hex = HashToHex(hash);
  EXPECT_EQ(HashFromHex(hex).value_or(Hash{}), hash);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(HashFromHex(upper).value_or(Hash{}), hash);
  EXPECT_TRUE(absl::IsInvalidArgument(HashFromHex(hex.substr(1)).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(HashFromHex("g" + hex.substr(1)).status()));
}

TEST(RecordCodecTest, EncodesExactlyTheDocumentedBytesAndHashesThem) {
  EventData event;
  event.id = *EventId::Parse("00112233-4455-6677-8899-aabbccddeeff");
  event.type = "NominationSubmitted";
  event.content_type = "award.v1.NominationSubmitted";
  event.payload = "pay";
  event.metadata = {"chủ tịch", "corr", "cause", "req", {{"b", "2"}, {"a", "1"}}};
  Hash prev{};
  prev.fill(0x11);
  const absl::Time time = absl::FromUnixMicros(1'735'689'600'123'456);

  std::string stored;
  const Hash hash =
      EncodeRecord({prev, 7, 3, time, "nomination-42"}, EncodeEventBody(event), stored);

  std::string expected_event =
      std::string(1, '\x01') + U64(7) + U64(3) + U64(1'735'689'600'123'456) + Str("nomination-42") +
      std::string(event.id.bytes()) + Str("NominationSubmitted") +
      Str("award.v1.NominationSubmitted") + Str("chủ tịch") + Str("corr") + Str("cause") +
      Str("req") + U32(2) + Str("a") + Str("1") + Str("b") + Str("2") + Str("pay");
  const std::string prev_bytes(32, '\x11');
  EXPECT_EQ(absl::BytesToHexString(stored.substr(0, stored.size() - 32)),
            absl::BytesToHexString(prev_bytes + expected_event));
  EXPECT_EQ(hash, Sha256({prev_bytes, expected_event}));
  EXPECT_EQ(stored.substr(stored.size() - 32), std::string(HashBytes(hash)));
}

TEST(RecordCodecTest, ParsesWhatItEncodes) {
  EventData event;
  event.id = EventId::New();
  event.type = "DecisionIssued";
  event.payload = std::string("\0\1\2", 3);
  event.metadata.extra = {{"số", "12/QĐ-UBND"}};
  std::string stored;
  const Hash hash = EncodeRecord({GenesisHash(), 0, 0, absl::FromUnixMicros(5), "decision-1"},
                                 EncodeEventBody(event), stored);
  absl::StatusOr<RecordView> view = ParseRecord(stored);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(ComputeHash(*view), hash);
  absl::StatusOr<RecordedEvent> recorded = ToRecordedEvent(*view);
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->event, event);
  EXPECT_EQ(recorded->stream, "decision-1");
  EXPECT_EQ(recorded->recorded_time, absl::FromUnixMicros(5));
  EXPECT_EQ(recorded->hash, hash);
}

TEST(RecordCodecTest, RejectsTruncatedOrPaddedRecords) {
  std::string stored;
  EncodeRecord({GenesisHash(), 0, 0, absl::UnixEpoch(), "s"}, EncodeEventBody({}), stored);
  EXPECT_EQ(ParseRecord(stored.substr(0, 40)).status().code(), absl::StatusCode::kDataLoss);
  std::string cut = stored;
  cut.erase(80, 1);
  EXPECT_EQ(ParseRecord(cut).status().code(), absl::StatusCode::kDataLoss);
  std::string padded = stored;
  padded.insert(70, "x");
  EXPECT_EQ(ParseRecord(padded).status().code(), absl::StatusCode::kDataLoss);
  std::string future = stored;
  future[32] = 2;
  EXPECT_EQ(ParseRecord(future).status().code(), absl::StatusCode::kDataLoss);
}

TEST(Utf8Test, AcceptsVietnameseAndRejectsMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8("Chiến sĩ thi đua cơ sở"));
  EXPECT_TRUE(IsValidUtf8("Tập thể lao động xuất sắc — 𝔸"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("Chi\xe1\xba"));       // cut short
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
}

TEST(EventIdTest, ReadsAndWritesUuidText) {
  absl::StatusOr<EventId> id = EventId::Parse("123E4567-e89b-12d3-a456-426614174000");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->ToString(), "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_FALSE(EventId::Parse("123e4567e89b12d3a456426614174000").ok());
  EXPECT_FALSE(EventId::Parse("123e4567-e89b-12d3-a456-42661417400g").ok());
  EXPECT_FALSE(EventId::FromBytes("short").ok());
  EXPECT_TRUE(EventId().IsNil());
  EXPECT_NE(EventId::New(), EventId::New());
}

TEST(EventIdTest, NewIdsAreVersion7UuidsInTimeOrder) {
  const EventId first = EventId::New();
  absl::SleepFor(absl::Milliseconds(2));
  const EventId second = EventId::New();
  const std::string text = first.ToString();
  EXPECT_EQ(text[14], '7');                                          // version
  EXPECT_NE(std::string("89ab").find(text[19]), std::string::npos);  // variant 10
  EXPECT_LT(first.bytes(), second.bytes());
  const int64_t millis = absl::ToUnixMillis(absl::Now());
  uint64_t stamped = 0;
  for (int i = 0; i < 6; ++i) stamped = stamped << 8 | static_cast<uint8_t>(second.bytes()[i]);
  EXPECT_LE(static_cast<int64_t>(stamped), millis);
  EXPECT_GT(static_cast<int64_t>(stamped), millis - 10'000);
}

TEST(KeysTest, PositionKeysSortInLogOrder) {
  EXPECT_LT(EncodeU64(255), EncodeU64(256));
  EXPECT_LT(EncodeU64(1), EncodeU64(uint64_t{1} << 40));
  EXPECT_EQ(DecodeU64(EncodeU64(123456789)), 123456789u);
  EXPECT_FALSE(DecodeU64("1234567").has_value());
}

TEST(KeysTest, AStreamsIndexKeysNeverShareAPrefixWithAnotherStream) {
  const std::string short_prefix = StreamIndexPrefix("nomination-1");
  EXPECT_NE(StreamIndexKey("nomination-10", 0).rfind(short_prefix, 0), 0u);
  EXPECT_EQ(StreamIndexKey("nomination-1", 7).rfind(short_prefix, 0), 0u);
  EXPECT_EQ(StreamIndexVersion(StreamIndexKey("nomination-1", 7), "nomination-1"), 7u);
}

}  // namespace
}  // namespace eventstore
