// The edge check on bytes built as a hostile client would send them: each
// refusal names the field and what is wrong with it, and a well-formed request
// passes untouched.
#include "edge/request_check.h"

#include <string>

#include "award/v1/nominations_service.pb.h"
#include "eventstore/errors.h"
#include "eventstore/v1/eventstore.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "gtest/gtest.h"

namespace award::edge {
namespace {

using google::protobuf::internal::WireFormatLite;

// Field `number` as bytes on the wire.
std::string Varint(int number, uint64_t value) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.WriteTag(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_VARINT));
    coded.WriteVarint64(value);
  }
  return out;
}
std::string Bytes(int number, const std::string& value) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.WriteTag(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    coded.WriteVarint32(static_cast<uint32_t>(value.size()));
    coded.WriteString(value);
  }
  return out;
}

const google::protobuf::Descriptor& Draft() { return *v1::DraftNominationRequest::descriptor(); }

// DraftNominationRequest { draft (2) { nominee (4) { full_name (3) = name } } }
std::string WithFullName(const std::string& name) { return Bytes(2, Bytes(4, Bytes(3, name))); }

void ExpectRefused(const absl::Status& status, const std::string& field,
                   const std::string& saying) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(eventstore::ErrorField(status), field) << status;
  EXPECT_NE(status.message().find(saying), absl::string_view::npos) << status;
}

TEST(RequestCheckTest, AWellFormedRequestPasses) {
  v1::DraftNominationRequest request;
  request.mutable_meta()->set_request_id("r-1");
  v1::NominationDrafted& draft = *request.mutable_draft();
  draft.set_nomination_id("n-1");
  draft.mutable_nominee()->set_full_name("Nguyễn Thị Hoà");
  draft.set_kind(v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
  draft.set_achievement_summary("Dòng một\nDòng hai\tcột");
  draft.add_years()->set_rating(v1::RATING_UNSPECIFIED);
  draft.add_achievement_ids("a-1");
  draft.add_achievement_ids("a-2");
  EXPECT_TRUE(CheckRequest(Draft(), request.SerializeAsString()).ok());
  EXPECT_TRUE(CheckRequest(Draft(), "").ok());
}

TEST(RequestCheckTest, BytesThatAreNoRequestAreRefused) {
  ExpectRefused(CheckRequest(Draft(), "\xff\xff\xff\xff\xff"), "request",
                "not a message of award.v1.DraftNominationRequest");
  const std::string whole = WithFullName("Trần Văn An");
  ExpectRefused(CheckRequest(Draft(), whole.substr(0, whole.size() - 3)), "draft",
                "malformed on the wire");
  ExpectRefused(CheckRequest(Draft(), std::string("\x00", 1)), "request", "malformed at byte");
}

// A length in an overlong varint (ten bytes for 0) is refused as the parser
// would refuse it: whatever passes the check parses (found by the fuzzer).
TEST(RequestCheckTest, AnOverlongLengthIsRefusedAsTheParserRefusesIt) {
  const std::string overlong("\x12\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 11);
  v1::DraftNominationRequest parsed;
  ASSERT_FALSE(parsed.ParseFromString(overlong));
  ExpectRefused(CheckRequest(Draft(), overlong), "draft", "malformed on the wire");
  // Five bytes whose last one says 2^33: 0 once cut to 32 bits, but no length.
  const std::string too_long("\x12\x80\x80\x80\x80\x20", 6);
  ASSERT_FALSE(parsed.ParseFromString(too_long));
  ExpectRefused(CheckRequest(Draft(), too_long), "draft", "malformed on the wire");
  // Five bytes is the longest a length may take, and still parses.
  const std::string five("\x12\x80\x80\x80\x80\x00", 6);
  ASSERT_TRUE(parsed.ParseFromString(five));
  EXPECT_TRUE(CheckRequest(Draft(), five).ok());
}

// A tag is read the same way: six bytes for field 2 are refused, five parse
// (found by the fuzzer).
TEST(RequestCheckTest, AnOverlongTagIsRefusedAsTheParserRefusesIt) {
  const std::string six("\x92\x80\x80\x80\x80\x00\x00", 7);
  v1::DraftNominationRequest parsed;
  ASSERT_FALSE(parsed.ParseFromString(six));
  ExpectRefused(CheckRequest(Draft(), six), "request", "malformed at byte");
  const std::string five("\x92\x80\x80\x80\x00\x00", 6);
  ASSERT_TRUE(parsed.ParseFromString(five));
  EXPECT_TRUE(parsed.has_draft());
  EXPECT_TRUE(CheckRequest(Draft(), five).ok());
}

TEST(RequestCheckTest, InvalidUtf8IsRefusedNamingTheNestedField) {
  ExpectRefused(CheckRequest(Draft(), WithFullName("Tr\xe1\xba")), "draft.nominee.full_name",
                "not valid UTF-8 at byte 2");
  ExpectRefused(CheckRequest(Draft(), WithFullName("\xc0\xaf")), "draft.nominee.full_name",
                "not valid UTF-8");  // an overlong '/'
  ExpectRefused(CheckRequest(Draft(), WithFullName("\xed\xa0\x80")), "draft.nominee.full_name",
                "not valid UTF-8");  // a surrogate
}

TEST(RequestCheckTest, ControlCharactersAreRefusedAndLineBreaksOnlyInFreeText) {
  ExpectRefused(CheckRequest(Draft(), WithFullName(std::string("An\0h", 4))),
                "draft.nominee.full_name", "control character U+0000 at byte 2");
  ExpectRefused(CheckRequest(Draft(), WithFullName("An\nh")), "draft.nominee.full_name",
                "U+000A at byte 2 (only free text may span lines)");
  ExpectRefused(CheckRequest(Draft(), WithFullName("An\xc2\x85h")), "draft.nominee.full_name",
                "U+0085");
  // achievement_summary (8) is free text: lines, yes; NUL or ESC, no.
  EXPECT_TRUE(CheckRequest(Draft(), Bytes(2, Bytes(8, "một\r\nhai\tba"))).ok());
  ExpectRefused(CheckRequest(Draft(), Bytes(2, Bytes(8, "một\x1b[31m"))),
                "draft.achievement_summary", "U+001B");
}

TEST(RequestCheckTest, BidirectionalControlsAreRefusedEverywhere) {
  ExpectRefused(CheckRequest(Draft(), WithFullName("Nguy\xe2\x80\xae"
                                                   "n")),
                "draft.nominee.full_name", "bidirectional control U+202E at byte 4");
  ExpectRefused(CheckRequest(Draft(), Bytes(2, Bytes(8,
                                                     "a\xe2\x81\xa6"
                                                     "b"))),
                "draft.achievement_summary", "U+2066");
}

TEST(RequestCheckTest, UnknownEnumNumbersAreRefusedWithTheNumber) {
  ExpectRefused(CheckRequest(Draft(), Bytes(2, Varint(5, 999))), "draft.kind",
                "999 is no value of award.v1.AwardKind");
  ExpectRefused(CheckRequest(Draft(), Bytes(2, Varint(7, 0xFFFFFFFFFFFFFFFFull))), "draft.basis",
                "-1 is no value of award.v1.Basis");
  // years (11) is repeated: the second one's rating (2) is out of range.
  const std::string years = Bytes(11, Varint(2, 1)) + Bytes(11, Varint(2, 77));
  ExpectRefused(CheckRequest(Draft(), Bytes(2, years)), "draft.years[1].rating",
                "77 is no value of award.v1.Rating");
  // initiatives (3) packed: its third value is out of range.
  std::string packed;
  for (uint8_t value : {1, 2, 99}) packed.push_back(static_cast<char>(value));
  ExpectRefused(CheckRequest(Draft(), Bytes(2, Bytes(11, Bytes(3, packed)))),
                "draft.years[0].initiatives[2]", "99 is no value of award.v1.InitiativeScope");
}

TEST(RequestCheckTest, FieldsTheApiDoesNotDefineAreRefused) {
  ExpectRefused(CheckRequest(Draft(), Bytes(2, Varint(99, 1))), "draft",
                "field number 99 is not part of award.v1.NominationDrafted");
  // full_name (a string) sent as a number.
  ExpectRefused(CheckRequest(Draft(), Bytes(2, Bytes(4, Varint(3, 7)))), "draft.nominee.full_name",
                "wire type 0");
}

TEST(RequestCheckTest, TheEventStoresRequestsAreCheckedAlike) {
  eventstore::v1::AppendRequest append;
  eventstore::v1::StreamAppend& stream = *append.add_streams();
  stream.set_stream("nomination-1");
  eventstore::v1::ProposedEvent& event = *stream.add_events();
  event.set_type("Tested");
  event.set_payload(std::string("\0\xff\x01 anything", 12));  // bytes: anything
  EXPECT_TRUE(
      CheckRequest(*eventstore::v1::AppendRequest::descriptor(), append.SerializeAsString()).ok());
  event.set_type(std::string("Tes\0ted", 7));
  ExpectRefused(
      CheckRequest(*eventstore::v1::AppendRequest::descriptor(), append.SerializeAsString()),
      "streams[0].events[0].type", "U+0000");
}

}  // namespace
}  // namespace award::edge
